package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.notification.NotificationEngine.address;

import java.util.List;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.releasegate.notification.Mailbox.Received;
import org.releasegate.security.Roles;

/**
 * {@code ${lateTaskNotifier}}, the escalation entry point the release model will use (issue 4), in both places a
 * model can put it: on a non-interrupting timer boundary event, and as a task listener on {@code timeout}.
 */
class LateTaskNotificationTest extends NotificationEngineTest {

    private static final String LATE = "[Release Gate] Tâche en retard : ";

    @Test
    void nonInterruptingTimerOnAVerificationTaskTellsTheReleaseManagers() throws Exception {
        BpmnModelInstance model = Bpmn.createExecutableProcess("late-boundary").camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Verify").name("Vérifier GES-1101 — Pénalités de retard").camundaCandidateGroups(Roles.TESTERS)
                .camundaDueDate("2030-01-15T18:00:00")
                .endEvent()
                .moveToActivity("Task_Verify")
                .boundaryEvent("Event_VerificationLate").cancelActivity(false).timerWithDuration("P2D")
                .camundaExecutionListenerDelegateExpression("start", "${lateTaskNotifier}")
                .endEvent()
                .done();
        Task task = startAndFireTimer(model);

        assertThat(lateMails()).extracting(Received::to).containsExactlyInAnyOrder(address("marie"), address("paul"));
        Received mail = lateMails().get(0);
        assertThat(mail.subject()).isEqualTo(LATE + "Vérifier GES-1101 — Pénalités de retard");
        assertThat(mail.body())
                .contains("Une tâche de la mise en production « Version 1.1 — essai » est en retard")
                .contains("Échéance : 15/01/2030 18:00")
                .contains("Proposée au groupe : Testeurs").doesNotContain("testeurs")
                .contains("http://gate.example.test/camunda/app/tasklist/default/#/?task=" + task.getId());
        assertThat(releases.engine.getTaskService().createTaskQuery().taskId(task.getId()).count())
                .as("the task stays open: the timer only tells").isEqualTo(1);
    }

    @Test
    void timeoutTaskListenerTellsTheReleaseManagersWhoHasTheTask() throws Exception {
        BpmnModelInstance model = Bpmn.createExecutableProcess("late-timeout").camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Confirm").name("Vérifier la production").camundaAssignee("karim")
                .camundaTaskListenerDelegateExpressionTimeoutWithDuration("late", "${lateTaskNotifier}", "PT4H")
                .endEvent()
                .done();
        startAndFireTimer(model);

        assertThat(lateMails()).extracting(Received::to).containsExactlyInAnyOrder(address("marie"), address("paul"));
        assertThat(lateMails().get(0).subject()).isEqualTo(LATE + "Vérifier la production");
        assertThat(lateMails().get(0).body()).contains("Attribuée à : karim");
    }

    private Task startAndFireTimer(BpmnModelInstance model) throws Exception {
        releases.deploy(model);
        String processKey = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
                .iterator().next().getId();
        String instanceId = releases.engine.getRuntimeService().startProcessInstanceByKey(processKey, "Version 1.1 — essai").getId();
        assertThat(lateMails()).as("nobody is late yet").isEmpty();
        Job timer = releases.engine.getManagementService().createJobQuery().processInstanceId(instanceId).timers().singleResult();
        releases.executeJob(timer);
        return releases.engine.getTaskService().createTaskQuery().processInstanceId(instanceId).singleResult();
    }

    private List<Received> lateMails() throws Exception {
        return inbox.all().stream().filter(mail -> mail.subject().startsWith(LATE)).toList();
    }
}
