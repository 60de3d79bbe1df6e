package org.releasegate.traceability;

import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.verification.AttachedEvidence;
import org.releasegate.verification.Verdict;
import org.releasegate.verification.VerdictRepository;
import org.releasegate.workaround.Workaround;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.stereotype.Service;

/**
 * Builds a release's traceability matrix from the verdict table, the evidence attached to each verification task and
 * the workaround register. Reads what the caller's engine authentication allows: the pages that show it read as the
 * application once they have checked who may see it.
 */
@Service
public class Traceability {

    private final HistoryService history;
    private final TaskService tasks;
    private final VerdictRepository verdicts;
    private final WorkaroundRepository workarounds;
    private final Clock clock;

    public Traceability(HistoryService history, TaskService tasks, VerdictRepository verdicts,
                        WorkaroundRepository workarounds, Clock clock) {
        this.history = history;
        this.tasks = tasks;
        this.verdicts = verdicts;
        this.workarounds = workarounds;
        this.clock = clock;
    }

    /** The matrix of a release, or nothing if no release has this id. */
    public Optional<TraceabilityMatrix> of(String releaseId) {
        HistoricProcessInstance release = history.createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                .singleResult();
        if (release == null || !ReleasePolicy.PROCESS_KEY.equals(release.getProcessDefinitionKey())) {
            return Optional.empty();
        }
        List<Verdict> given = verdicts.ofRelease(releaseId);
        List<Workaround> decided = workarounds.ofRelease(releaseId);
        Optional<Workaround> onFailure = decided.stream()
                .filter(workaround -> workaround.decision() == Workaround.Decision.FAILURE).findFirst();
        int coveredRound = onFailure.map(workaround -> roundDecidedOn(given, workaround.decidedAt())).orElse(-1);

        List<TraceRow> rows = new ArrayList<>();
        boolean failureWorkaroundShown = false;
        for (Verdict verdict : given) {
            Workaround workaround = null;
            if (verdict.kind() == Verdict.ItemKind.WORKAROUND) {
                workaround = Workaround.idOfItem(verdict.itemId()).flatMap(workarounds::find).orElse(null);
            } else if (!verdict.passed() && verdict.round() == coveredRound) {
                workaround = onFailure.get();
                failureWorkaroundShown = true;
            }
            rows.add(new TraceRow(verdict.round(), verdict.kind(), verdict.itemId(), verdict.itemVersion(),
                    verdict.itemTitle(), verdict.outcome(), verdict.comment(), verdict.userId(), verdict.recordedAt(),
                    AttachedEvidence.ofTask(tasks, verdict.taskId()), workaround));
        }
        boolean shown = failureWorkaroundShown;
        List<Workaround> ofTheRelease = decided.stream()
                .filter(workaround -> workaround.decision() == Workaround.Decision.ROLLBACK || !shown).toList();
        return Optional.of(new TraceabilityMatrix(releaseId, release.getBusinessKey(),
                TARGET_VERSION.findInHistory(history, releaseId).orElse(null), clock.getZone(), rows, ofTheRelease));
    }

    /**
     * The round whose failures a workaround decided at {@code decidedAt} covers: the last one verified before the
     * decision (the register records the failures of the round the decision closes).
     */
    private static int roundDecidedOn(List<Verdict> given, Instant decidedAt) {
        return given.stream().filter(verdict -> verdict.kind() != Verdict.ItemKind.WORKAROUND)
                .filter(verdict -> !verdict.recordedAt().isAfter(decidedAt))
                .mapToInt(Verdict::round).max().orElse(-1);
    }
}
