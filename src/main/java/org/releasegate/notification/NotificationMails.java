package org.releasegate.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.releasegate.notification.Notification.ReleaseEnded;
import org.releasegate.notification.Notification.TaskCreated;
import org.releasegate.notification.Notification.TasksLate;
import org.releasegate.security.Roles;

/** Decides who receives what for the notifications of one committed transaction. */
final class NotificationMails {

    private final MailWriter writer;

    NotificationMails(MailWriter writer) {
        this.writer = writer;
    }

    List<Mail> of(List<Notification> notifications, Recipients recipients) {
        List<Mail> mails = new ArrayList<>();
        Map<Recipient, List<TaskSummary>> newTasks = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            if (notification instanceof TaskCreated created) {
                for (Recipient recipient : candidates(created.task(), recipients)) {
                    newTasks.computeIfAbsent(recipient, who -> new ArrayList<>()).add(created.task());
                }
            } else if (notification instanceof TasksLate late) {
                for (Recipient manager : recipients.membersOf(List.of(Roles.RELEASE_MANAGERS))) {
                    mails.add(writer.lateTasks(manager, late));
                }
            } else if (notification instanceof ReleaseEnded ended) {
                Set<Recipient> told = new LinkedHashSet<>();
                if (ended.initiator() != null) {
                    told.addAll(recipients.users(List.of(ended.initiator())));
                }
                told.addAll(recipients.membersOf(List.of(Roles.RELEASE_MANAGERS)));
                told.forEach(recipient -> mails.add(writer.releaseEnded(recipient, ended)));
            }
        }
        newTasks.forEach((recipient, tasks) -> mails.add(writer.newTasks(recipient, tasks)));
        return mails;
    }

    /** The assignee alone when there is one; otherwise the candidate users and every member of the candidate groups. */
    private static Set<Recipient> candidates(TaskSummary task, Recipients recipients) {
        if (task.assignee() != null) {
            return new LinkedHashSet<>(recipients.users(List.of(task.assignee())));
        }
        Set<Recipient> candidates = new LinkedHashSet<>(recipients.users(task.candidateUsers()));
        candidates.addAll(recipients.membersOf(task.candidateGroups()));
        return candidates;
    }
}
