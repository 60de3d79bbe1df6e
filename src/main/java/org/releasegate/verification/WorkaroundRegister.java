package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_ROUND;
import static org.releasegate.process.ReleasePolicy.Vars.WORKAROUND_DESCRIPTION;
import static org.releasegate.process.ReleasePolicy.Vars.WORKAROUND_REVIEW_DATE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedInput;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.workaround.Workaround;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.stereotype.Component;

/**
 * Execution listener on the two "workaround" decisions of the model ({@code Flow_FailureWorkaround},
 * {@code Flow_RollbackWorkaround}, event {@code take}): records the workaround in the register with the items it
 * covers — the KO and blocked items of the current round, or what was wrong in production — its description and
 * review date, who decided and when. It runs in the transaction that completes the decision: a missing description
 * or a review date in the past refuses the completion, whatever the client. A workaround of an earlier release whose
 * re-verification failed again is not copied: it stays open, with the new review date.
 */
@Component("workaroundRegister")
public class WorkaroundRegister implements ExecutionListener {

    private final VerdictRepository verdicts;
    private final WorkaroundRepository workarounds;
    private final Clock clock;

    public WorkaroundRegister(VerdictRepository verdicts, WorkaroundRepository workarounds, Clock clock) {
        this.verdicts = verdicts;
        this.workarounds = workarounds;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String description = WORKAROUND_DESCRIPTION.find(execution).map(String::strip).filter(text -> !text.isEmpty())
                .orElseThrow(() -> new RefusedInput("verification.workaround.description-required"));
        LocalDate reviewDate = reviewDate(execution);
        boolean inProduction = ReleasePolicy.Elements.FLOW_ROLLBACK_WORKAROUND.equals(execution.getCurrentTransitionId());

        List<String> covered = new ArrayList<>();
        boolean keptEarlierWorkaround = false;
        if (!inProduction) {
            for (Verdict failure : verdicts.ofRound(execution.getProcessInstanceId(),
                    VERIFICATION_ROUND.find(execution).orElse(1))) {
                if (failure.passed()) {
                    continue;
                }
                Optional<Long> earlier = failure.kind() == Verdict.ItemKind.WORKAROUND
                        ? Workaround.idOfItem(failure.itemId()) : Optional.empty();
                if (earlier.isPresent()) {
                    workarounds.keepOpen(earlier.get(), reviewDate);
                    keptEarlierWorkaround = true;
                } else {
                    covered.add(label(failure));
                }
            }
        }
        if (covered.isEmpty() && keptEarlierWorkaround) {
            return;
        }
        if (covered.isEmpty()) {
            covered.add(inProduction
                    ? Messages.text("verification.workaround.production-ko",
                            PRODUCTION_COMMENT.find(execution).orElse(""))
                    : Messages.text("verification.workaround.acceptance-refused",
                            ACCEPTANCE_COMMENT.find(execution).orElse("")));
        }
        workarounds.record(new Workaround.Decided(execution.getProcessInstanceId(),
                inProduction ? Workaround.Decision.ROLLBACK : Workaround.Decision.FAILURE,
                execution.getProcessBusinessKey(), TARGET_VERSION.find(execution).orElse(null),
                String.join(", ", covered), description, reviewDate, decidingUser(execution), clock.instant()));
    }

    private LocalDate reviewDate(DelegateExecution execution) {
        String value = WORKAROUND_REVIEW_DATE.find(execution).map(String::strip).orElse("");
        LocalDate date;
        try {
            // The form's date field sends 2026-06-30; a client may send a date-time: its day counts.
            date = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw new RefusedInput("verification.workaround.review-date-invalid", value);
        }
        if (date.isBefore(LocalDate.now(clock))) {
            throw new RefusedInput("verification.workaround.review-date-past", date);
        }
        return date;
    }

    private static String label(Verdict failure) {
        String item = failure.kind() == Verdict.ItemKind.STRATEGIC_PROCESS
                ? Messages.text("verification.workaround.process", failure.itemTitle()) : failure.itemId();
        return item + " (" + failure.outcome().label().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static String decidingUser(DelegateExecution execution) {
        Authentication current = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return current == null ? null : current.getUserId();
    }
}
