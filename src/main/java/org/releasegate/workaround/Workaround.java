package org.releasegate.workaround;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A workaround the release manager decided on: what people do instead of the defective function, the items it
 * covers, and when to look at it again. Later releases re-verify it until one that fixes the defect reaches
 * production.
 *
 * @param decision      which decision recorded it
 * @param coveredItems  the KO or blocked items it covers, or what was not right in production
 * @param fixVerifiedIn the release in which a tester found the defect fixed (the workaround closes when that
 *                      release reaches production)
 */
public record Workaround(long id, String processInstanceId, Decision decision, String releaseName,
                        String targetVersion, String coveredItems, String description, LocalDate reviewDate,
                        String decidedBy, Instant decidedAt, Status status, String fixVerifiedIn, String fixVerifiedBy,
                        Instant fixVerifiedAt, Instant closedAt, String closingNote) {

    /** How the re-verification item of a workaround is named in later releases. */
    public static final String ITEM_PREFIX = "CONTOURNEMENT-";

    public enum Status { OPEN, CLOSED }

    /** The decision that recorded the workaround. */
    public enum Decision {
        /** on failed verifications or a refused acceptance, before production */
        FAILURE,
        /** on production not conform after the install */
        ROLLBACK
    }

    /** What a decision says: the workaround, the review date, the items it covers. */
    public record Decided(String processInstanceId, Decision decision, String releaseName, String targetVersion,
                          String coveredItems, String description, LocalDate reviewDate, String decidedBy,
                          Instant decidedAt) {
    }

    public String itemId() {
        return ITEM_PREFIX + id;
    }

    /** The workaround a re-verification item stands for. */
    public static Optional<Long> idOfItem(String itemId) {
        if (itemId == null || !itemId.startsWith(ITEM_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(itemId.substring(ITEM_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
