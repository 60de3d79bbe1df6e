package org.releasegate.notification;

import java.util.List;

/** Something people are told about, captured in the engine's transaction and mailed once it has committed. */
sealed interface Notification {

    /** A user task was created: its assignee, or else its candidates, are told. */
    record TaskCreated(TaskSummary task) implements Notification {
    }

    /** Tasks of a release are late: the release managers are told. */
    record TasksLate(String release, String processInstanceId, List<TaskSummary> tasks) implements Notification {
    }

    /**
     * A release ended: its initiator and the release managers are told.
     *
     * @param outcome the name of the end event reached, e.g. "Version en production"
     */
    record ReleaseEnded(String release, String processInstanceId, String outcome, String initiator) implements Notification {
    }
}
