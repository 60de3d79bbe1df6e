package org.releasegate.traceability;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.releasegate.message.Messages;
import org.releasegate.verification.AttachedEvidence;
import org.releasegate.verification.Verdict;
import org.releasegate.workaround.Workaround;

/**
 * One line of a release's traceability matrix: what was verified in which round, the verdict, who gave it and when,
 * the evidence joined (with its SHA-256) and the workaround that covers a failure, if any.
 *
 * @param workaround the workaround decided on this failure, or the one a re-verification item re-checks; null if none
 */
public record TraceRow(int round, Verdict.ItemKind kind, String itemId, String itemVersion, String itemTitle,
                       Verdict.Outcome outcome, String comment, String verifiedBy, Instant verifiedAt,
                       List<AttachedEvidence> evidence, Workaround workaround) {

    public TraceRow {
        evidence = List.copyOf(evidence);
    }

    /** "GES-1101 — Pénalités de retard" for a change, the name alone for a strategic process. */
    public String item() {
        if (kind == Verdict.ItemKind.STRATEGIC_PROCESS && itemTitle != null) {
            return itemTitle;
        }
        return itemTitle == null ? itemId : itemId + " — " + itemTitle;
    }

    /** "capture.png (2 048 octets)", one file a line. */
    public String evidenceNames() {
        return evidence.stream().map(file -> Messages.text("traceability.evidence-file", file.name(), file.size()))
                .collect(Collectors.joining("\n"));
    }

    /** The SHA-256 of each evidence file, in the order of {@link #evidenceNames()}. */
    public String evidenceHashes() {
        return evidence.stream().map(AttachedEvidence::sha256).collect(Collectors.joining("\n"));
    }

    /** "n° 3 : mention ajoutée à la main (revue le 2027-03-01, ouvert)", or empty. */
    public String workaroundText() {
        return workaround == null ? "" : describe(workaround);
    }

    static String describe(Workaround workaround) {
        return Messages.text("traceability.workaround", workaround.id(), workaround.description(), workaround.reviewDate(), Messages.text(workaround.status() == Workaround.Status.OPEN
                        ? "traceability.workaround.open" : "traceability.workaround.closed"));
    }
}
