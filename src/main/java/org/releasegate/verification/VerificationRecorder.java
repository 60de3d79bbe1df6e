package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Variables.CHANGE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.CHANGE_TITLE;
import static org.releasegate.process.ReleasePolicy.Variables.CHANGE_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.COMMENT;
import static org.releasegate.process.ReleasePolicy.Variables.PROCESS_ID;
import static org.releasegate.process.ReleasePolicy.Variables.PROCESS_NAME;
import static org.releasegate.process.ReleasePolicy.Variables.VERDICT;
import static org.releasegate.process.ReleasePolicy.Variables.VERIFICATION_ROUND;

import java.time.Clock;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Component;

/**
 * Task listener on the completion of a verification (road-book change or strategic process): checks the verdict
 * and stores it. Refusing here, inside the engine, holds for Tasklist, the REST API and any other client.
 */
@Component("verificationRecorder")
public class VerificationRecorder implements TaskListener {

    private final VerdictRepository verdicts;
    private final Clock clock;

    public VerificationRecorder(VerdictRepository verdicts, Clock clock) {
        this.verdicts = verdicts;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        Verdict.Outcome outcome;
        try {
            outcome = Verdict.Outcome.parse(VERDICT.find(task).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ProcessEngineException(e.getMessage());
        }
        String comment = COMMENT.find(task).map(String::strip).filter(text -> !text.isEmpty()).orElse(null);
        if (outcome != Verdict.Outcome.OK && comment == null) {
            throw new ProcessEngineException("Un commentaire est obligatoire quand la vérification n'est pas conforme");
        }
        boolean change = ReleasePolicy.Elements.VERIFY_CHANGE.equals(task.getTaskDefinitionKey());
        verdicts.record(new Verdict(task.getProcessInstanceId(),
                VERIFICATION_ROUND.find(task).orElse(1),
                change ? Verdict.ItemKind.CHANGE : Verdict.ItemKind.STRATEGIC_PROCESS,
                change ? CHANGE_ID.from(task) : PROCESS_ID.from(task),
                change ? CHANGE_VERSION.find(task).orElse(null) : null,
                change ? CHANGE_TITLE.find(task).orElse(null) : PROCESS_NAME.find(task).orElse(null),
                outcome, comment, completingUser(task), task.getId(), clock.instant()));
    }

    private static String completingUser(DelegateTask task) {
        Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return current != null ? current.getUserId() : task.getAssignee();
    }
}
