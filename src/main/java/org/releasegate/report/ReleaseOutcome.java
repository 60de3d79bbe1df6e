package org.releasegate.report;

import java.util.function.UnaryOperator;

import org.releasegate.message.Messages;

import org.camunda.bpm.engine.history.HistoricProcessInstance;

/** How a release ended, in words: the name of its end event, "en cours", or why it was interrupted. */
final class ReleaseOutcome {

    static final String RUNNING = Messages.text("report.outcome.running");

    private ReleaseOutcome() {
    }

    /** @param activityName the name of an activity of the release's model, by id */
    static String of(HistoricProcessInstance release, UnaryOperator<String> activityName) {
        String state = release.getState();
        if (HistoricProcessInstance.STATE_ACTIVE.equals(state) || HistoricProcessInstance.STATE_SUSPENDED.equals(state)
                || release.getEndTime() == null) {
            return RUNNING;
        }
        if (HistoricProcessInstance.STATE_EXTERNALLY_TERMINATED.equals(state)) {
            return release.getDeleteReason() == null ? Messages.text("report.outcome.interrupted")
                    : Messages.text("report.outcome.interrupted-because", release.getDeleteReason());
        }
        String end = release.getEndActivityId() == null ? null : activityName.apply(release.getEndActivityId());
        return end != null ? end : Messages.text("report.outcome.ended");
    }
}
