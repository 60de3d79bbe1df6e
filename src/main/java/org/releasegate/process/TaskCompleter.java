package org.releasegate.process;

import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;

/** Who completed a task of a release, as the rules that look back at it (four-eyes, prerequisites) read it. */
public final class TaskCompleter {

    private TaskCompleter() {
    }

    /** The authenticated user the operation log names for its completion, else its assignee. */
    public static Optional<String> of(HistoryService history, HistoricTaskInstance task) {
        return history.createUserOperationLogQuery().taskId(task.getId())
                .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
                .map(UserOperationLogEntry::getUserId).filter(user -> user != null).findFirst()
                .or(() -> Optional.ofNullable(task.getAssignee()));
    }
}
