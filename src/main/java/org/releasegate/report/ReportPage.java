package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.releasegate.message.Messages;
import org.releasegate.message.TimeZones;
import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.verification.Verdict;

/**
 * The report of one release as a self-contained, printable XHTML page, made from its record alone: the same record
 * always gives the same page, byte for byte, so the verifier can tell when a page's visible text was edited. The
 * record itself is embedded as JSON in {@code <script id="release-record">}.
 */
final class ReportPage {

    static final String RECORD_ELEMENT_ID = "release-record";
    static final String VERIFY_COMMAND = "java -cp release-gate-<version>.jar "
            + "-Dloader.main=org.releasegate.report.ReportVerifier "
            + "org.springframework.boot.loader.launch.PropertiesLauncher <rapport.html|rapport.pdf>";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final String CSS = resource("/report/report.css");

    private final ReleaseRecord record;
    private final ZoneId zone;
    private final Xhtml page = new Xhtml();

    private ReportPage(ReleaseRecord record) {
        this.record = record;
        this.zone = record.zone();
    }

    static String render(ReleaseRecord record) {
        return new ReportPage(record).render();
    }

    private String render() {
        Entry release = record.release();
        String name = release.find(Fields.NAME).orElse(release.field(Fields.ID));
        page.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\" xml:lang=\"fr\">\n<head>\n")
                .raw("<meta charset=\"UTF-8\"/>\n")
                .element("title", Messages.text("report.page.title", name))
                .raw("<style>\n").raw(CSS).raw("</style>\n")
                .raw("<script type=\"application/json\" id=\"" + RECORD_ELEMENT_ID + "\">\n")
                .raw(RecordJson.write(record)).raw("\n</script>\n</head>\n<body>\n");
        page.element("h1", Messages.text("report.page.heading")).element("p", name, "class", "release-name");
        summary(release);
        archives(release);
        timeline();
        incidents();
        interventions();
        verdicts();
        attachments();
        decisions();
        evidence();
        integrity();
        page.raw("</body>\n</html>\n");
        return page.toString();
    }

    private void summary(Entry release) {
        page.open("table", "class", "summary");
        summaryRow(Messages.text("report.page.outcome"), release.field(Fields.OUTCOME), "outcome");
        summaryRow(Messages.text("report.page.started-by"), Messages.text("report.page.started-by-when", release.find(Fields.STARTED_BY).orElse("—"), when(release.field(Fields.STARTED_AT))), null);
        summaryRow(Messages.text("report.page.ended-at"), release.find(Fields.ENDED_AT).map(this::when).orElse(Messages.text("report.page.running")), null);
        summaryRow(Messages.text("report.page.duration"), release.find(Fields.ENDED_AT)
                .map(end -> duration(Duration.between(Instant.parse(release.field(Fields.STARTED_AT)), Instant.parse(end))))
                .orElse("—"), null);
        for (ProcessVariable<?> variable : List.of(TARGET_VERSION, PREVIOUS_PRODUCTION_VERSION, PRODUCTION_VERSION,
                TEST_VERSION, RELEASE_KIND, POLICY_LEVEL, PRODUCTION_WINDOW, ROAD_BOOK, INSTALLER_PACKAGE,
                TESTED_INSTALLER_PACKAGE)) {
            summaryRow(ReportLabels.variable(variable.name()), release.find(variable.name())
                    .map(value -> ReportLabels.value(variable.name(), value)).orElse("—"), null);
        }
        if (Choices.APPROVED.equals(release.find(EMERGENCY_APPROVAL.name()).orElse(null))) {
            summaryRow(Messages.text("report.page.emergency"), Messages.text("report.page.emergency-text"), "emergency");
        }
        summaryRow(Messages.text("report.page.downtime"), Downtime.of(record.all(EntryKind.STEP)).map(this::downtime)
                .orElse(Messages.text("report.page.downtime-none")) + release.find(DOWNTIME_ESTIMATE.name())
                .map(estimate -> Messages.text("report.page.downtime-estimate", estimate)).orElse(""), null);
        summaryRow(ReportLabels.variable(INSTALLER_SHA256.name()), release.find(INSTALLER_SHA256.name()).orElse("—"), "hash");
        summaryRow(ReportLabels.variable(TEST_DATA_DIGEST.name()), release.find(TEST_DATA_DIGEST.name()).orElse("—"), "hash");
        summaryRow(Messages.text("report.page.process"), Messages.text("report.page.process-instance", release.field(Fields.DEFINITION), release.field(Fields.ID)), null);
        page.close("table");
    }

    /** « 4 min 7 s, du 12/12/2026 20:00 au 12/12/2026 20:04 : Arrêter la production 3 s, … » */
    private String downtime(Downtime downtime) {
        String parts = downtime.parts().stream().map(part -> part.step() + " " + duration(part.duration()))
                .collect(java.util.stream.Collectors.joining(", "));
        String when = downtime.length()
                .map(length -> Messages.text("report.page.downtime-span", duration(length), when(downtime.start().toString()), when(downtime.end().toString())))
                .orElse(Messages.text("report.page.downtime-running", when(downtime.start().toString())));
        return parts.isEmpty() ? when : when + " : " + parts;
    }

    private void summaryRow(String label, String value, String valueClass) {
        page.open("tr").element("th", label).element("td", value, "class", valueClass).close("tr");
    }

    private void archives(Entry release) {
        page.element("h2", Messages.text("report.page.archives"));
        page.open("table").headerRow(Messages.text("report.page.archive"), Messages.text("report.page.identifier"), Messages.text("report.page.sha256"));
        archiveRow(Messages.text("report.page.archive.base"), release, BASE_DATA_ARCHIVE_ID, BASE_DATA_ARCHIVE_SHA256);
        archiveRow(Messages.text("report.page.archive.data"), release, DATA_ARCHIVE_ID, DATA_ARCHIVE_SHA256);
        archiveRow(Messages.text("report.page.archive.installer"), release, INSTALLER_ARCHIVE_ID, INSTALLER_ARCHIVE_SHA256);
        archiveRow(Messages.text("report.page.archive.pre-restore"), release, PRE_RESTORE_ARCHIVE_ID, null);
        page.close("table");
    }

    private void archiveRow(String label, Entry release, ProcessVariable<String> id, ProcessVariable<String> sha256) {
        page.open("tr").td(label, null).td(release.find(id.name()).orElse(Messages.text("report.page.archive.none")), "id")
                .td(sha256 == null ? null : release.find(sha256.name()).orElse(null), "hash").close("tr");
    }

    private void timeline() {
        page.element("h2", Messages.text("report.page.timeline"));
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.step"), Messages.text("report.page.by"), Messages.text("report.page.start"), Messages.text("report.page.end"), Messages.text("report.page.duration"));
        for (Entry step : record.all(EntryKind.STEP)) {
            String state = step.find(Fields.STATE).map(text -> " (" + text + ")").orElse("");
            page.open("tr").td(String.valueOf(step.seq()), "n").td(step.field(Fields.NAME) + state, null)
                    .td(step.field(Fields.BY), "by").td(when(step.field(Fields.STARTED_AT)), "when")
                    .td(step.find(Fields.ENDED_AT).map(this::when).orElse(Messages.text("report.page.running")), "when")
                    .td(step.find(Fields.DURATION_MS).map(ms -> duration(Duration.ofMillis(Long.parseLong(ms)))).orElse(null), "when")
                    .close("tr");
        }
        page.close("table");
    }

    private void incidents() {
        List<Entry> incidents = record.all(EntryKind.INCIDENT);
        page.element("h2", Messages.text("report.page.incidents"));
        if (incidents.isEmpty()) {
            page.element("p", Messages.text("report.page.incidents-none"));
            return;
        }
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.step"), Messages.text("report.page.incident"), Messages.text("report.page.opened-at"), Messages.text("report.page.closed-at"), Messages.text("report.page.state"));
        for (Entry incident : incidents) {
            page.open("tr").td(String.valueOf(incident.seq()), "n").td(incident.field(Fields.STEP), null)
                    .td(incident.find(Fields.MESSAGE).orElse(incident.field(Fields.TYPE)), "text")
                    .td(when(incident.field(Fields.STARTED_AT)), "when")
                    .td(incident.find(Fields.ENDED_AT).map(this::when).orElse(null), "when")
                    .td(incident.field(Fields.STATE), "by").close("tr");
        }
        page.close("table");
    }

    private void interventions() {
        List<Entry> interventions = record.all(EntryKind.INTERVENTION);
        page.element("h2", Messages.text("report.page.interventions"));
        if (interventions.isEmpty()) {
            page.element("p", Messages.text("report.page.interventions-none"));
            return;
        }
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.intervention"), Messages.text("report.page.detail"), Messages.text("report.page.by"), Messages.text("report.page.at"));
        for (Entry intervention : interventions) {
            page.open("tr").td(String.valueOf(intervention.seq()), "n").td(intervention.field(Fields.TYPE), null)
                    .td(intervention.find(Fields.MESSAGE).orElse(null), "text")
                    .td(intervention.field(Fields.BY), "by").td(when(intervention.field(Fields.AT)), "when").close("tr");
        }
        page.close("table");
    }

    private void verdicts() {
        List<Entry> verdicts = record.all(EntryKind.VERDICT);
        page.element("h2", Messages.text("report.page.verdicts"));
        if (verdicts.isEmpty()) {
            page.element("p", Messages.text("report.page.verdicts-none"));
            return;
        }
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.round"), Messages.text("report.page.item"), Messages.text("report.page.verdict"), Messages.text("report.page.by"), Messages.text("report.page.at"), Messages.text("report.page.comment"));
        for (Entry verdict : verdicts) {
            String outcome = verdict.field(Fields.VERDICT);
            page.open("tr").td(String.valueOf(verdict.seq()), "n").td(verdict.field(Fields.ROUND), "n")
                    .td(item(verdict), "item").td(ReportLabels.verdict(outcome), "verdict-" + outcome)
                    .td(verdict.field(Fields.BY), "by").td(when(verdict.field(Fields.AT)), "when")
                    .td(verdict.find(Fields.COMMENT).orElse(""), "text").close("tr");
        }
        page.close("table");
    }

    private void attachments() {
        List<Entry> attachments = record.all(EntryKind.ATTACHMENT);
        if (attachments.isEmpty()) {
            return;
        }
        page.element("h2", Messages.text("report.page.attachments"));
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.step"), Messages.text("report.page.attachment"), Messages.text("report.page.added-at"), Messages.text("report.page.size"), Messages.text("report.page.sha256"));
        for (Entry attachment : attachments) {
            page.open("tr").td(String.valueOf(attachment.seq()), "n").td(attachment.field(Fields.STEP), null).open("td");
            String url = attachment.field(Fields.URL);
            if (url != null && (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("/"))) {
                page.element("a", attachment.field(Fields.NAME), "href", url);
            } else {
                page.text(attachment.field(Fields.NAME));
            }
            attachment.find(Fields.DESCRIPTION).ifPresent(description -> page.raw("<br/>").text(description));
            page.close("td").td(when(attachment.field(Fields.AT)), "when")
                    .td(attachment.find(Fields.SIZE).map(size -> Messages.text("report.page.bytes", size)).orElse(Messages.text("report.page.link")), "by")
                    .td(attachment.find(Fields.SHA256).orElse(null), "hash").close("tr");
        }
        page.close("table");
    }

    private void decisions() {
        List<Entry> decisions = record.all(EntryKind.DECISION);
        page.element("h2", Messages.text("report.page.decisions"));
        if (decisions.isEmpty()) {
            page.element("p", Messages.text("report.page.decisions-none"));
            return;
        }
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.step"), Messages.text("report.page.by"), Messages.text("report.page.at"), Messages.text("report.page.decision"));
        for (Entry decision : decisions) {
            page.open("tr").td(String.valueOf(decision.seq()), "n").td(decision.field(Fields.STEP), "item")
                    .td(decision.field(Fields.BY), "by").td(when(decision.field(Fields.AT)), "when")
                    .td(values(decision, ReleaseVariables.DECISIONS), "text").close("tr");
        }
        page.close("table");
    }

    private void evidence() {
        List<Entry> results = record.all(EntryKind.EVIDENCE);
        page.element("h2", Messages.text("report.page.evidence"));
        if (results.isEmpty()) {
            page.element("p", Messages.text("report.page.evidence-none"));
            return;
        }
        page.open("table").headerRow(Messages.text("report.page.number"), Messages.text("report.page.step"), Messages.text("report.page.at"), Messages.text("report.page.result"));
        for (Entry result : results) {
            page.open("tr").td(String.valueOf(result.seq()), "n").td(result.field(Fields.STEP), "item")
                    .td(when(result.field(Fields.AT)), "when").open("td", "class", "text")
                    .text(values(result, ReleaseVariables.EVIDENCE));
            result.find(INSTALL_LOG_FILE).ifPresent(address -> page.raw("<br/>")
                    .element("a", Messages.text("report.install-log.download"), "href", address, "class", "install-log"));
            page.close("td").close("tr");
        }
        page.close("table");
    }

    private void integrity() {
        Entry seal = record.seal();
        page.element("h2", Messages.text("report.page.integrity"));
        page.element("p", Messages.text("report.page.integrity-text", record.entries().size(), when(seal.field(Fields.GENERATED_AT)), seal.find(Fields.GENERATED_BY).orElse("—"), TimeZones.hours(zone)));
        page.open("table", "class", "summary");
        summaryRow(Messages.text("report.page.history-hash"), record.historyHash(), "hash");
        summaryRow(Messages.text("report.page.final-hash"), record.head(), "hash");
        summaryRow(Messages.text("report.page.verify-offline"), VERIFY_COMMAND, "command");
        page.close("table");
        page.open("table", "class", "chain").headerRow(Messages.text("report.page.number"), Messages.text("report.page.entry"), Messages.text("report.page.sha256"));
        for (Entry entry : record.entries()) {
            page.open("tr").td(String.valueOf(entry.seq()), "n").td(ReportLabels.entryKind(entry.kind()), "by")
                    .td(entry.sha256(), "hash").close("tr");
        }
        page.close("table");
    }

    /** "Évolution GES-1101 (1.1) — title" for a road-book change, "Processus stratégique « Paie »" for a process. */
    private static String item(Entry verdict) {
        String kind = ReportLabels.itemKind(verdict.field(Fields.ITEM_KIND));
        if (Verdict.ItemKind.STRATEGIC_PROCESS.name().equals(verdict.field(Fields.ITEM_KIND))) {
            return Messages.text("report.page.item.process", kind, verdict.find(Fields.ITEM_TITLE).orElse(verdict.field(Fields.ITEM_ID)));
        }
        return kind + " " + verdict.field(Fields.ITEM_ID)
                + verdict.find(Fields.ITEM_VERSION).map(version -> " (" + version + ")").orElse("")
                + verdict.find(Fields.ITEM_TITLE).map(title -> " — " + title).orElse("");
    }

    private static String values(Entry entry, List<ProcessVariable<?>> order) {
        List<String> lines = new ArrayList<>();
        for (ProcessVariable<?> variable : order) {
            entry.find(variable.name()).ifPresent(value ->
                    lines.add(ReportLabels.variable(variable.name()) + " : " + ReportLabels.value(variable.name(), value)));
        }
        return lines.stream().collect(Collectors.joining("\n"));
    }

    private String when(String instant) {
        return instant == null ? "—" : WHEN.format(Instant.parse(instant).atZone(zone));
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return duration.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%d j %02d h", seconds / 86400, seconds % 86400 / 3600);
    }

    static String css() {
        return CSS;
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
