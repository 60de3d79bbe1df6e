package org.releasegate.notification;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

import org.releasegate.message.Messages;

/**
 * What a mail says of one user task, read inside the engine's transaction: the engine's own objects must not be used
 * once it has committed.
 *
 * @param release the release's name (the process business key, e.g. "Version 1.1 — 24/11/2026 14:05"), or null
 */
record TaskSummary(String id, String name, String description, Instant due, String release, String processInstanceId,
                   String assignee, Set<String> candidateUsers, Set<String> candidateGroups) {

    static TaskSummary of(DelegateTask task) {
        String release = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        return of(task.getId(), task.getName(), task.getDescription(), task.getDueDate(), release,
                task.getProcessInstanceId(), task.getAssignee(), task.getCandidates());
    }

    static TaskSummary of(String id, String name, String description, Date due, String release, String processInstanceId,
                          String assignee, Iterable<? extends IdentityLink> links) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (IdentityLink link : links) {
            if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                if (link.getUserId() != null) {
                    users.add(link.getUserId());
                }
                if (link.getGroupId() != null) {
                    groups.add(link.getGroupId());
                }
            }
        }
        String title = name == null || name.isBlank() ? Messages.text("notification.task.untitled") : name;
        return new TaskSummary(id, title, description, due == null ? null : due.toInstant(), release, processInstanceId,
                assignee, Set.copyOf(users), Set.copyOf(groups));
    }
}
