package org.releasegate.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.history.UserOperationLogEntry;

/**
 * Who did what, from the engine's user operation log: tasks completed from Tasklist are usually never claimed, so
 * their assignee stays empty and only this log knows who completed them.
 */
final class UserOperations {

    private final Map<String, String> completerByTask = new HashMap<>();
    private final Map<String, UserOperationLogEntry> byOperation = new HashMap<>();

    UserOperations(List<UserOperationLogEntry> entries) {
        for (UserOperationLogEntry entry : entries) {
            if (entry.getUserId() == null) {
                continue;
            }
            byOperation.putIfAbsent(entry.getOperationId(), entry);
            if (UserOperationLogEntry.OPERATION_TYPE_COMPLETE.equals(entry.getOperationType())
                    && EntityTypes.TASK.equals(entry.getEntityType()) && entry.getTaskId() != null) {
                completerByTask.putIfAbsent(entry.getTaskId(), entry.getUserId());
            }
        }
    }

    Optional<String> completer(String taskId) {
        return Optional.ofNullable(taskId == null ? null : completerByTask.get(taskId));
    }

    Optional<String> user(String operationId) {
        return Optional.ofNullable(operationId == null ? null : byOperation.get(operationId)).map(UserOperationLogEntry::getUserId);
    }

    Optional<String> task(String operationId) {
        return Optional.ofNullable(operationId == null ? null : byOperation.get(operationId)).map(UserOperationLogEntry::getTaskId);
    }
}
