package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.FAILED_EVIDENCE;
import static org.releasegate.process.ReleasePolicy.Vars.FAILED_VERIFICATIONS;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATIONS_PASSED;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_ROUND;

import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * After all verifications of a round: did every item pass? Writes the plain boolean the gateway tests and the
 * summary of failures the release manager reads in the decision form.
 */
@Component("verdictConsolidation")
public class VerdictConsolidation implements JavaDelegate {

    private final VerdictRepository verdicts;

    public VerdictConsolidation(VerdictRepository verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        List<Verdict> failures = verdicts.ofRound(execution.getProcessInstanceId(), VERIFICATION_ROUND.find(execution).orElse(1))
                .stream().filter(verdict -> !verdict.passed()).toList();
        VERIFICATIONS_PASSED.set(execution, failures.isEmpty());
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        FAILED_VERIFICATIONS.set(execution, failures.stream()
                .map(failure -> failure.summaryLine() + evidenceLine(tasks, failure))
                .collect(Collectors.joining("\n")));
        FAILED_EVIDENCE.set(execution, failures.stream()
                .flatMap(failure -> tasks.getTaskAttachments(failure.taskId()).stream()
                        .map(file -> "- " + failure.label() + " : [" + MarkdownText.escape(file.getName()) + "]("
                                + EvidenceFiles.downloadLink(file) + ")"))
                .collect(Collectors.joining("\n")));
    }

    private static String evidenceLine(TaskService tasks, Verdict failure) {
        String names = EvidenceFiles.names(tasks, failure.taskId());
        return names.isEmpty() ? "" : "\n    preuves : " + names;
    }
}
