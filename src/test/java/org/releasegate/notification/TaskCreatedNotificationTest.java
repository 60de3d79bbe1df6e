package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.notification.NotificationEngine.CHANGE_1;
import static org.releasegate.notification.NotificationEngine.CHANGE_2;
import static org.releasegate.notification.NotificationEngine.INVOICING;
import static org.releasegate.notification.NotificationEngine.address;

import java.util.List;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.releasegate.notification.Mailbox.Received;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.security.Roles;

/** Mails about new user tasks, on a plain engine running the release model, against an in-process SMTP server. */
class TaskCreatedNotificationTest extends NotificationEngineTest {

    @Test
    void verificationTaskForTheTestersMailsEachTesterWithTheTaskAndItsTasklistLink() throws Exception {
        String releaseId = releases.startRelease("marie");
        releases.prepareTestEnvironment(releaseId, List.of(CHANGE_1), List.of());
        Task verification = releases.tasks(releaseId, Elements.VERIFY_CHANGE).get(0);

        assertThat(inbox.all()).extracting(Received::to)
                .as("every tester with an address, nobody else")
                .containsExactlyInAnyOrder(address("theo"), address("lea"));
        Received mail = inbox.to(address("theo")).get(0);
        assertThat(mail.from()).isEqualTo(Mailbox.FROM);
        assertThat(mail.subject()).isEqualTo("[Release Gate] Nouvelle tâche : Vérifier GES-1101 — Pénalités de retard");
        assertThat(mail.body())
                .startsWith("Bonjour Théo,")
                .contains("Mise en production : " + releases.businessKey(releaseId))
                .contains("Tâche : Vérifier GES-1101 — Pénalités de retard")
                .contains("Détail : Version 1.1, module Facturation")
                .contains("proposée à votre groupe")
                .contains("Ouvrir la tâche : http://gate.example.test/camunda/app/tasklist/default/#/?task=" + verification.getId());
        assertThat(releases.businessKey(releaseId)).startsWith("Version 1.1 — ");
    }

    @Test
    void tasksCreatedByOneStepReachEachPersonInOneMail() throws Exception {
        String releaseId = releases.startRelease("marie");
        releases.prepareTestEnvironment(releaseId, List.of(CHANGE_1, CHANGE_2), List.of(INVOICING));

        List<Received> theo = inbox.to(address("theo"));
        assertThat(theo).hasSize(1);
        assertThat(theo.get(0).subject()).isEqualTo("[Release Gate] 2 nouvelles tâches — " + releases.businessKey(releaseId));
        assertThat(theo.get(0).body()).contains("Vérifier GES-1101 — Pénalités de retard", "Vérifier GES-1102 — Champ pays");
        for (Task task : releases.tasks(releaseId, Elements.VERIFY_CHANGE)) {
            assertThat(theo.get(0).body()).contains("#/?task=" + task.getId());
        }
        assertThat(inbox.to(address("karim"))).singleElement().extracting(Received::subject)
                .isEqualTo("[Release Gate] Nouvelle tâche : Vérifier le processus « Facturation »");
        assertThat(inbox.all()).hasSize(3);
    }

    @Test
    void assignedTaskMailsOnlyItsAssignee() throws Exception {
        releases.deploy(Bpmn.createExecutableProcess("assigned").camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Assigned").name("Relire le road book").camundaAssignee("karim")
                .camundaCandidateGroups(Roles.TESTERS)
                .endEvent().done());

        releases.engine.getRuntimeService().startProcessInstanceByKey("assigned", "Version 2.0");

        assertThat(inbox.all()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo(address("karim"));
            assertThat(mail.subject()).isEqualTo("[Release Gate] Nouvelle tâche : Relire le road book");
            assertThat(mail.body()).contains("Mise en production : Version 2.0").doesNotContain("proposée à votre groupe");
        });
    }

    @Test
    void taskOfARolledBackTransactionIsNotMailed() throws Exception {
        Mocks.register("failingStep", (JavaDelegate) execution -> {
            throw new IllegalStateException("disk full");
        });
        releases.deploy(Bpmn.createExecutableProcess("rolled-back").camundaHistoryTimeToLive(1)
                .startEvent()
                .parallelGateway("fork")
                .userTask("Task_Lost").name("Tâche jamais créée").camundaCandidateGroups(Roles.TESTERS)
                .endEvent()
                .moveToNode("fork")
                .serviceTask("Task_Failing").camundaDelegateExpression("${failingStep}")
                .endEvent().done());
        releases.deploy(Bpmn.createExecutableProcess("kept").camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Kept").name("Tâche créée").camundaCandidateGroups(Roles.TESTERS)
                .endEvent().done());

        assertThatThrownBy(() -> releases.engine.getRuntimeService().startProcessInstanceByKey("rolled-back"))
                .hasMessageContaining("disk full");
        assertThat(releases.engine.getTaskService().createTaskQuery().taskDefinitionKey("Task_Lost").count()).isZero();
        releases.engine.getRuntimeService().startProcessInstanceByKey("kept");

        assertThat(inbox.all()).hasSize(2).extracting(Received::subject)
                .containsOnly("[Release Gate] Nouvelle tâche : Tâche créée");
    }
}
