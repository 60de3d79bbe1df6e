package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.LATE_VERIFICATIONS;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleaseLabel;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.stereotype.Component;

/**
 * {@code ${lateVerifications}}: when the release manager's follow-up task is created, lists the verification tasks
 * of the release still open, each with who holds it and its due date, so the manager knows whom to chase.
 */
@Component("lateVerifications")
public class LateVerifications implements TaskListener {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    @Override
    public void notify(DelegateTask followUp) {
        TaskService tasks = followUp.getProcessEngineServices().getTaskService();
        List<Task> open = tasks.createTaskQuery().processInstanceId(followUp.getProcessInstanceId())
                .taskDefinitionKeyIn(Elements.VERIFY_CHANGE, Elements.VERIFY_STRATEGIC_PROCESS)
                .orderByTaskName().asc().list();
        String release = followUp.getExecution().getProcessBusinessKey();
        String text = open.isEmpty()
                ? Messages.text("verification.late.none")
                : open.stream().map(task -> line(tasks, task, release)).collect(Collectors.joining("\n"));
        LATE_VERIFICATIONS.setLocal(followUp, text);
    }

    /** One open verification, named without its release: the follow-up task names the release already. */
    private String line(TaskService tasks, Task task, String release) {
        String holder = task.getAssignee() != null ? Messages.text("verification.late.taken", task.getAssignee())
                : Messages.text("verification.late.not-taken", candidateGroups(tasks, task));
        String due = task.getDueDate() == null ? Messages.text("verification.late.no-due-date")
                : Messages.text("verification.late.due",
                        DUE.format(task.getDueDate().toInstant().atZone(ZoneId.systemDefault())));
        return "• " + ReleaseLabel.withoutRelease(task.getName(), release) + " — " + holder + " — " + due;
    }

    private static String candidateGroups(TaskService tasks, Task task) {
        Set<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
                .map(IdentityLink::getGroupId)
                .collect(Collectors.toCollection(TreeSet::new));
        return String.join(", ", groups);
    }
}
