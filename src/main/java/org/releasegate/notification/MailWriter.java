package org.releasegate.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import org.releasegate.notification.Notification.ReleaseEnded;
import org.releasegate.notification.Notification.TasksLate;

/** Writes the mails, in French, as plain text that reads well in any mail client. */
final class MailWriter {

    private static final String PREFIX = "[Release Gate] ";
    private static final String SIGNATURE = "\n-- \nMessage automatique de Release Gate, inutile d'y répondre.\n";
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
            body.append("Une nouvelle tâche vous attend dans Release Gate.\n\n");
            line(body, "Mise en production", task.release());
            line(body, "Tâche", task.name());
            line(body, "Détail", task.description());
            line(body, "Échéance", date(task.due()));
            body.append('\n');
            if (task.assignee() == null) {
                body.append("Elle est proposée à votre groupe : la première personne qui la réclame dans Tasklist la traite.\n\n");
            }
            body.append("Ouvrir la tâche : ").append(settings.tasklistLink(task.id())).append('\n');
            return mail(to, "Nouvelle tâche : " + task.name(), body);
        }
        String release = commonRelease(tasks);
        body.append(tasks.size()).append(" nouvelles tâches vous attendent dans Release Gate");
        body.append(release == null ? "." : " pour la mise en production « " + release + " ».").append("\n\n");
        for (TaskSummary task : tasks) {
            body.append("- ").append(task.name()).append('\n');
            indented(body, release == null ? task.release() : null);
            indented(body, task.description());
            indented(body, task.due() == null ? null : "Échéance : " + date(task.due()));
            indented(body, settings.tasklistLink(task.id()));
            body.append('\n');
        }
        return mail(to, tasks.size() + " nouvelles tâches" + (release == null ? "" : " — " + release), body);
    }

    Mail lateTasks(Recipient to, TasksLate late) {
        StringBuilder body = greeting(to);
        body.append(late.tasks().size() == 1 ? "Une tâche" : late.tasks().size() + " tâches")
                .append(" de la mise en production « ").append(Objects.toString(late.release(), "?"))
                .append(late.tasks().size() == 1 ? " » est en retard :\n\n" : " » sont en retard :\n\n");
        for (TaskSummary task : late.tasks()) {
            body.append("- ").append(task.name()).append('\n');
            indented(body, task.due() == null ? null : "Échéance : " + date(task.due()));
            indented(body, task.assignee() != null ? "Attribuée à : " + task.assignee()
                    : task.candidateGroups().isEmpty() ? null : "Proposée au groupe : " + String.join(", ", task.candidateGroups()));
            indented(body, settings.tasklistLink(task.id()));
            body.append('\n');
        }
        String subject = late.tasks().size() == 1 ? "Tâche en retard : " + late.tasks().get(0).name()
                : late.tasks().size() + " tâches en retard — " + Objects.toString(late.release(), "?");
        return mail(to, subject, body);
    }

    Mail releaseEnded(Recipient to, ReleaseEnded ended) {
        StringBuilder body = greeting(to);
        body.append("La mise en production « ").append(Objects.toString(ended.release(), "?")).append(" » est terminée.\n\n");
        line(body, "Issue", ended.outcome());
        body.append('\n');
        body.append("Rapport de la mise en production : ").append(settings.reportLink(ended.processInstanceId())).append('\n');
        return mail(to, "Mise en production terminée : " + ended.outcome() + " — " + Objects.toString(ended.release(), "?"), body);
    }

    private static StringBuilder greeting(Recipient to) {
        boolean named = to.firstName() != null && !to.firstName().isBlank();
        return new StringBuilder(named ? "Bonjour " + to.firstName().strip() + ",\n\n" : "Bonjour,\n\n");
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
