package org.releasegate.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import org.releasegate.message.Messages;
import org.releasegate.notification.Notification.ReleaseEnded;
import org.releasegate.notification.Notification.TasksLate;
import org.releasegate.security.Roles;

/** Writes the mails, in French (the bundle's {@code mail.…} texts), as plain text that reads well in any mail client. */
final class MailWriter {

    private static final String PREFIX = Messages.text("mail.prefix");
    private static final String SIGNATURE = "\n-- \n" + Messages.text("mail.signature") + "\n";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final NotificationProperties settings;
    private final ZoneId zone;

    MailWriter(NotificationProperties settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
    }

    /** One mail per person even when one step created several tasks for them (a road book of 500 changes). */
    Mail newTasks(Recipient to, List<TaskSummary> tasks) {
        StringBuilder body = greeting(to);
        if (tasks.size() == 1) {
            TaskSummary task = tasks.get(0);
            body.append(Messages.text("mail.task.new")).append("\n\n");
            line(body, Messages.text("mail.label.release"), task.release());
            line(body, Messages.text("mail.label.task"), task.name());
            line(body, Messages.text("mail.label.detail"), task.description());
            line(body, Messages.text("mail.label.due"), date(task.due()));
            body.append('\n');
            if (task.assignee() == null) {
                body.append(Messages.text("mail.task.offered")).append("\n\n");
            }
            body.append(Messages.text("mail.task.open", settings.tasklistLink(task.id()))).append('\n');
            return mail(to, Messages.text("mail.task.subject", task.name()), body);
        }
        String release = commonRelease(tasks);
        body.append(release == null ? Messages.text("mail.tasks.new", tasks.size())
                : Messages.text("mail.tasks.new-of-release", tasks.size(), release)).append("\n\n");
        for (TaskSummary task : tasks) {
            body.append("- ").append(task.name()).append('\n');
            indented(body, release == null ? task.release() : null);
            indented(body, task.description());
            indented(body, task.due() == null ? null : Messages.text("mail.due", date(task.due())));
            indented(body, settings.tasklistLink(task.id()));
            body.append('\n');
        }
        return mail(to, release == null ? Messages.text("mail.tasks.subject", tasks.size())
                : Messages.text("mail.tasks.subject-of-release", tasks.size(), release), body);
    }

    Mail lateTasks(Recipient to, TasksLate late) {
        StringBuilder body = greeting(to);
        String release = Objects.toString(late.release(), "?");
        body.append(late.tasks().size() == 1 ? Messages.text("mail.late.one", release)
                : Messages.text("mail.late.many", late.tasks().size(), release)).append("\n\n");
        for (TaskSummary task : late.tasks()) {
            body.append("- ").append(task.name()).append('\n');
            indented(body, task.due() == null ? null : Messages.text("mail.due", date(task.due())));
            indented(body, task.assignee() != null ? Messages.text("mail.late.assignee", task.assignee())
                    : task.candidateGroups().isEmpty() ? null
                    : Messages.text("mail.late.group", String.join(", ",
                    task.candidateGroups().stream().map(Roles::displayName).toList())));
            indented(body, settings.tasklistLink(task.id()));
            body.append('\n');
        }
        String subject = late.tasks().size() == 1 ? Messages.text("mail.late.subject-one", late.tasks().get(0).name())
                : Messages.text("mail.late.subject-many", late.tasks().size(), release);
        return mail(to, subject, body);
    }

    Mail releaseEnded(Recipient to, ReleaseEnded ended) {
        StringBuilder body = greeting(to);
        String release = Objects.toString(ended.release(), "?");
        body.append(Messages.text("mail.ended", release)).append("\n\n");
        line(body, Messages.text("mail.label.outcome"), ended.outcome());
        body.append('\n');
        body.append(Messages.text("mail.ended.report", settings.reportLink(ended.processInstanceId()))).append('\n');
        return mail(to, Messages.text("mail.ended.subject", ended.outcome(), release), body);
    }

    private static StringBuilder greeting(Recipient to) {
        boolean named = to.firstName() != null && !to.firstName().isBlank();
        return new StringBuilder((named ? Messages.text("mail.greeting.named", to.firstName().strip())
                : Messages.text("mail.greeting")) + "\n\n");
    }

    private static void line(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append(label).append(" : ").append(value).append('\n');
        }
    }

    private static void indented(StringBuilder body, String value) {
        if (value != null && !value.isBlank()) {
            body.append("  ").append(value).append('\n');
        }
    }

    private String date(Instant instant) {
        return instant == null ? null : DATE.format(instant.atZone(zone));
    }

    private static String commonRelease(List<TaskSummary> tasks) {
        List<String> releases = tasks.stream().map(TaskSummary::release).distinct().toList();
        return releases.size() == 1 ? releases.get(0) : null;
    }

    /** Task names come from the model and from road books: no line break may reach the subject header. */
    private static Mail mail(Recipient to, String subject, StringBuilder body) {
        return new Mail(to.email(), PREFIX + subject.replaceAll("[\\r\\n]+", " ").strip(), body.append(SIGNATURE).toString());
    }
}
