package org.releasegate.traceability;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.releasegate.message.Messages;
import org.releasegate.workaround.Workaround;

/**
 * A release's traceability matrix: one {@link TraceRow} per verdict, every round, in the order they were given; and
 * the workarounds of the release that cover no single item (a refused acceptance, production not conform).
 *
 * @param zone the time zone the dates are written in
 */
public record TraceabilityMatrix(String releaseId, String releaseName, String targetVersion, ZoneId zone,
                                 List<TraceRow> rows, List<Workaround> releaseWorkarounds) {

    /** The columns of every export, in order. */
    public static final List<String> HEADERS = List.of(Messages.text("traceability.column.round"),
            Messages.text("traceability.column.kind"),
            Messages.text("traceability.column.item"),
            Messages.text("traceability.column.item-version"),
            Messages.text("traceability.column.verdict"),
            Messages.text("traceability.column.comment"),
            Messages.text("traceability.column.verified-by"),
            Messages.text("traceability.column.verified-at"),
            Messages.text("traceability.column.evidence"),
            Messages.text("traceability.column.evidence-sha256"),
            Messages.text("traceability.column.workaround"));

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

    public TraceabilityMatrix {
        rows = List.copyOf(rows);
        releaseWorkarounds = List.copyOf(releaseWorkarounds);
    }

    /** The release's business key, or its id when it has none. */
    public String title() {
        return releaseName == null || releaseName.isBlank() ? releaseId : releaseName;
    }

    /** A row as text, one cell per {@link #HEADERS} column. */
    public List<String> cells(TraceRow row) {
        return List.of(String.valueOf(row.round()), row.kind().label(), row.item(), orEmpty(row.itemVersion()),
                row.outcome().label(), orEmpty(row.comment()), orEmpty(row.verifiedBy()), when(row.verifiedAt()),
                row.evidenceNames(), row.evidenceHashes(), row.workaroundText());
    }

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant.atZone(zone));
    }

    /** "n° 4 : … (revue le …, ouvert)" for a workaround of {@link #releaseWorkarounds()}. */
    public static String describe(Workaround workaround) {
        return Messages.text("traceability.workaround-for", TraceRow.describe(workaround), workaround.coveredItems());
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
