package org.releasegate.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.releasegate.message.Messages;
import org.releasegate.message.TimeZones;

/** What the pages of the view of releases share: the head, dates, who holds a task, downtime in words. */
final class ReleasePages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final String CSS = resource("/report/releases.css");

    private final ZoneId zone;
    private final Instant now;

    ReleasePages(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    Xhtml open(String title) {
        return new Xhtml().raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\" xml:lang=\"fr\">\n")
                .raw("<head>\n<meta charset=\"UTF-8\"/>\n").element("title", title)
                .raw("<style>\n").raw(ReportPage.css()).raw(CSS).raw("</style>\n</head>\n<body>\n");
    }

    static String close(Xhtml page) {
        return page.raw("</body>\n</html>\n").toString();
    }

    String when(Date date) {
        return date == null ? "—" : WHEN.format(date.toInstant().atZone(zone));
    }

    String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant.atZone(zone));
    }

    /** « theo » for an assigned task, « à prendre : Testeurs » for one waiting for its group. */
    static String holder(ReleaseStatus.OpenTask task) {
        if (task.assignee() != null) {
            return task.assignee();
        }
        return task.candidateGroups().isEmpty() ? Messages.text("releases.holder.nobody")
                : Messages.text("releases.holder.groups", String.join(", ", task.candidateGroups()));
    }

    /** « Vérifier … — theo », one open task a line, late ones said so. */
    String tasks(ReleaseStatus status) {
        return status.openTasks().stream().map(task -> task.name() + " — " + holder(task)
                + (task.lateAt(now) ? Messages.text("releases.tasks.late-since", when(task.due())) : ""))
                .collect(Collectors.joining("\n"));
    }

    /** « 4 min 07 s », « en cours depuis le … », « aucune ». */
    String downtime(ReleaseStatus status) {
        return status.downtime().map(downtime -> downtime.length().map(ReportPage::duration)
                        .orElse(Messages.text("report.page.downtime-running", when(downtime.start()))))
                .orElse(Messages.text("report.page.downtime-none"));
    }

    String zoneNote() {
        return TimeZones.hours(zone);
    }

    Instant now() {
        return now;
    }

    static String steps(List<String> steps) {
        return steps.isEmpty() ? "—" : String.join("\n", steps);
    }

    private static String resource(String name) {
        try (InputStream in = ReleasePages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
