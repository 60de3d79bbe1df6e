package org.releasegate.report;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * Where a release stands: its current steps, the tasks open in it and who holds them, how long production was down,
 * how it ended.
 *
 * @param outcome {@link ReleaseOutcome}: "en cours", the name of its end, or why it was interrupted
 */
record ReleaseStatus(HistoricProcessInstance release, String targetVersion, String outcome, List<String> currentSteps,
                     List<OpenTask> openTasks, Optional<Downtime> downtime) {

    /** A task waiting in a release: its assignee, or the groups one of whose members may take it. */
    record OpenTask(String id, String name, String assignee, List<String> candidateGroups, Date created, Date due) {

        boolean lateAt(Instant now) {
            return due != null && due.toInstant().isBefore(now);
        }
    }

    boolean running() {
        return release.getEndTime() == null;
    }

    String name() {
        return release.getBusinessKey() == null ? release.getId() : release.getBusinessKey();
    }

    List<OpenTask> lateTasks(Instant now) {
        return openTasks.stream().filter(task -> task.lateAt(now)).toList();
    }
}
