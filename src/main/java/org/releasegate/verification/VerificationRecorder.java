package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.CHANGE;
import static org.releasegate.process.ReleasePolicy.Vars.CHANGE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.CHANGE_MODULE;
import static org.releasegate.process.ReleasePolicy.Vars.PROCESS_STEPS;
import static org.releasegate.process.ReleasePolicy.Vars.STRATEGIC_PROCESS;
import static org.releasegate.process.ReleasePolicy.Vars.CHANGE_TITLE;
import static org.releasegate.process.ReleasePolicy.Vars.CHANGE_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.PROCESS_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PROCESS_NAME;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_ROUND;
import static org.releasegate.process.ReleasePolicy.Vars.WORKAROUND_ID;

import java.time.Clock;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedInput;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.ProcessToVerify;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.stereotype.Component;

/**
 * Task listener of the verification tasks (road-book change or strategic process). On create, it lays out the item
 * of this multi-instance (the element variable, a map) as plain variables the form shows, and declares the verdict
 * and comment local to this instance (input mappings can't: they run before the element variable is set), with
 * what earlier rounds said of the same item ({@link EarlierRounds}). On
 * complete, it checks the verdict and stores it; refusing here, inside the engine, holds for Tasklist, the REST API
 * and any other client. A road-book item may stand for an open workaround of an earlier release
 * ({@link PlanVerificationsStep}): OK means its defect is fixed in this version, recorded on the workaround.
 */
@Component("verificationRecorder")
public class VerificationRecorder implements TaskListener {

    private static final int MAX_TASK_NAME = 255;

    private final VerdictRepository verdicts;
    private final WorkaroundRepository workarounds;
    private final Clock clock;

    public VerificationRecorder(VerdictRepository verdicts, WorkaroundRepository workarounds, Clock clock) {
        this.verdicts = verdicts;
        this.workarounds = workarounds;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            showItem(task);
        } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            record(task);
        }
    }

    private void showItem(DelegateTask task) {
        boolean change = isChange(task);
        Object item = task.getExecution().getVariableLocal(change ? CHANGE : STRATEGIC_PROCESS);
        if (item == null) {
            throw new ProcessEngineException("Verification task " + task.getTaskDefinitionKey() + " has no item to verify");
        }
        if (change) {
            ChangeToVerify verified = ChangeToVerify.of(item);
            task.setName(taskName(Messages.text("verification.task.change", verified.id(), verified.title())));
            task.setDescription("Version " + verified.version() + ", module " + verified.module());
            CHANGE_ID.setLocal(task, verified.id());
            CHANGE_VERSION.setLocal(task, verified.version());
            CHANGE_MODULE.setLocal(task, verified.module());
            CHANGE_TITLE.setLocal(task, verified.title());
            if (verified.workaroundId() != null) {
                WORKAROUND_ID.setLocal(task, verified.workaroundId());
            }
            showEarlierRounds(task, verified.workaroundId() != null ? Verdict.ItemKind.WORKAROUND
                    : Verdict.ItemKind.CHANGE, verified.id());
        } else {
            ProcessToVerify verified = ProcessToVerify.of(item);
            task.setName(taskName(Messages.text("verification.task.process", verified.name())));
            PROCESS_ID.setLocal(task, verified.id());
            PROCESS_NAME.setLocal(task, verified.name());
            PROCESS_STEPS.setLocal(task, verified.steps());
            showEarlierRounds(task, Verdict.ItemKind.STRATEGIC_PROCESS, verified.id());
        }
        VERDICT.setLocal(task.getExecution(), null);
        COMMENT.setLocal(task.getExecution(), null);
        EvidenceFiles.declare(task);
    }

    private void showEarlierRounds(DelegateTask task, Verdict.ItemKind kind, String itemId) {
        EarlierRounds.show(task, VERIFICATION_ROUND.find(task).orElse(1),
                verdicts.ofItemInRelease(task.getProcessInstanceId(), kind, itemId), clock.getZone());
    }

    private void record(DelegateTask task) {
        Verdict.Outcome outcome;
        try {
            outcome = Verdict.Outcome.parse(VERDICT.find(task).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new RefusedInput("verification.verdict-unknown", VERDICT.find(task).orElse(""));
        }
        String comment = COMMENT.find(task).map(String::strip).filter(text -> !text.isEmpty()).orElse(null);
        if (outcome != Verdict.Outcome.OK && comment == null) {
            throw new RefusedInput("verification.comment-required");
        }
        boolean change = isChange(task);
        EvidenceFiles.attach(task);
        String workaroundId = change ? WORKAROUND_ID.find(task).orElse(null) : null;
        String user = completingUser(task);
        verdicts.record(new Verdict(task.getProcessInstanceId(),
                VERIFICATION_ROUND.find(task).orElse(1),
                workaroundId != null ? Verdict.ItemKind.WORKAROUND
                        : change ? Verdict.ItemKind.CHANGE : Verdict.ItemKind.STRATEGIC_PROCESS,
                change ? CHANGE_ID.from(task) : PROCESS_ID.from(task),
                change ? CHANGE_VERSION.find(task).orElse(null) : null,
                change ? CHANGE_TITLE.find(task).orElse(null) : PROCESS_NAME.find(task).orElse(null),
                outcome, comment, user, task.getId(), clock.instant()));
        if (workaroundId != null && outcome == Verdict.Outcome.OK) {
            workarounds.fixVerified(Long.parseLong(workaroundId), task.getProcessInstanceId(), user, clock.instant());
        }
    }

    private static boolean isChange(DelegateTask task) {
        return ReleasePolicy.Elements.VERIFY_CHANGE.equals(task.getTaskDefinitionKey());
    }

    /** The engine stores task names in 255 characters; the full text stays in the task's variables. */
    private static String taskName(String name) {
        return name.length() <= MAX_TASK_NAME ? name : name.substring(0, MAX_TASK_NAME - 1) + "…";
    }

    private static String completingUser(DelegateTask task) {
        Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return current != null ? current.getUserId() : task.getAssignee();
    }
}
