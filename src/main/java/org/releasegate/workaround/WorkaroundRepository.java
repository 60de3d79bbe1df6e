package org.releasegate.workaround;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The workaround register, table {@code rg_workaround}. Written from engine listeners, inside the engine's
 * transaction: a decision that fails to complete records nothing.
 */
@Repository
public class WorkaroundRepository {

    private static final int MAX_TEXT = 4000;

    private final JdbcTemplate jdbc;

    public WorkaroundRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a decision; the same decision taken again in the same release (after a refused acceptance, or another
     * round) replaces the earlier one and opens it again.
     *
     * @return the workaround's id
     */
    public long record(Workaround.Decided decided) {
        int updated = jdbc.update("""
                UPDATE rg_workaround SET release_name = ?, target_version = ?, covered_items = ?, description = ?,
                       review_date = ?, decided_by = ?, decided_at = ?, status = 'OPEN', fix_verified_in = NULL,
                       fix_verified_by = NULL, fix_verified_at = NULL, closed_at = NULL, closing_note = NULL
                WHERE process_instance_id = ? AND decision = ?""",
                truncate(decided.releaseName(), 255), truncate(decided.targetVersion(), 64),
                truncate(decided.coveredItems(), MAX_TEXT), truncate(decided.description(), MAX_TEXT),
                Date.valueOf(decided.reviewDate()), decided.decidedBy(), Timestamp.from(decided.decidedAt()),
                decided.processInstanceId(), decided.decision().name());
        if (updated == 0) {
            jdbc.update("""
                    INSERT INTO rg_workaround (process_instance_id, decision, release_name, target_version, covered_items,
                                               description, review_date, decided_by, decided_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')""",
                    decided.processInstanceId(), decided.decision().name(), truncate(decided.releaseName(), 255),
                    truncate(decided.targetVersion(), 64), truncate(decided.coveredItems(), MAX_TEXT),
                    truncate(decided.description(), MAX_TEXT), Date.valueOf(decided.reviewDate()), decided.decidedBy(),
                    Timestamp.from(decided.decidedAt()));
        }
        return jdbc.queryForObject("SELECT id FROM rg_workaround WHERE process_instance_id = ? AND decision = ?",
                Long.class, decided.processInstanceId(), decided.decision().name());
    }

    public Optional<Workaround> find(long id) {
        return jdbc.query("SELECT * FROM rg_workaround WHERE id = ?", WorkaroundRepository::map, id).stream().findFirst();
    }

    /** Every workaround, or those of one status; oldest first. */
    public List<Workaround> list(Optional<Workaround.Status> status) {
        return status.map(wanted -> jdbc.query("SELECT * FROM rg_workaround WHERE status = ? ORDER BY id",
                        WorkaroundRepository::map, wanted.name()))
                .orElseGet(() -> jdbc.query("SELECT * FROM rg_workaround ORDER BY id", WorkaroundRepository::map));
    }

    /** The workarounds decided in a release, oldest first. */
    public List<Workaround> decidedIn(String processInstanceId) {
        return jdbc.query("SELECT * FROM rg_workaround WHERE process_instance_id = ? ORDER BY id",
                WorkaroundRepository::map, processInstanceId);
    }

    /** The open workarounds a release must re-verify: those decided in other releases. */
    public List<Workaround> openFromOtherReleases(String processInstanceId) {
        return jdbc.query("SELECT * FROM rg_workaround WHERE status = 'OPEN' AND process_instance_id <> ? ORDER BY id",
                WorkaroundRepository::map, processInstanceId);
    }

    /** The defect was found fixed in a release's version; the workaround closes when that release reaches production. */
    public void fixVerified(long id, String processInstanceId, String userId, Instant at) {
        jdbc.update("""
                UPDATE rg_workaround SET fix_verified_in = ?, fix_verified_by = ?, fix_verified_at = ?
                WHERE id = ? AND status = 'OPEN'""", processInstanceId, userId, Timestamp.from(at), id);
    }

    /** The release manager kept a workaround whose re-verification failed: it stays open, with a new review date. */
    public void keepOpen(long id, LocalDate reviewDate) {
        jdbc.update("UPDATE rg_workaround SET review_date = ?, fix_verified_in = NULL, fix_verified_by = NULL, "
                + "fix_verified_at = NULL WHERE id = ? AND status = 'OPEN'", Date.valueOf(reviewDate), id);
    }

    /** A release reached production: the workarounds it verified fixed are closed. */
    public int closeFixedIn(String processInstanceId, Instant at, String note) {
        return jdbc.update("""
                UPDATE rg_workaround SET status = 'CLOSED', closed_at = ?, closing_note = ?
                WHERE status = 'OPEN' AND fix_verified_in = ?""", Timestamp.from(at), truncate(note, 500), processInstanceId);
    }

    /**
     * A release ended without its version staying in production (abandoned, previous version restored): the
     * workarounds it decided before production never came into force.
     */
    public int closeDecidedIn(String processInstanceId, Instant at, String note) {
        return jdbc.update("""
                UPDATE rg_workaround SET status = 'CLOSED', closed_at = ?, closing_note = ?
                WHERE status = 'OPEN' AND process_instance_id = ?""", Timestamp.from(at), truncate(note, 500), processInstanceId);
    }

    /** A release ended without reaching production: a fix it verified never arrived. */
    public void forgetFixVerifiedIn(String processInstanceId) {
        jdbc.update("UPDATE rg_workaround SET fix_verified_in = NULL, fix_verified_by = NULL, fix_verified_at = NULL "
                + "WHERE status = 'OPEN' AND fix_verified_in = ?", processInstanceId);
    }

    private static Workaround map(ResultSet row, int rowNumber) throws SQLException {
        return new Workaround(row.getLong("id"), row.getString("process_instance_id"),
                Workaround.Decision.valueOf(row.getString("decision")), row.getString("release_name"),
                row.getString("target_version"), row.getString("covered_items"), row.getString("description"),
                row.getDate("review_date").toLocalDate(), row.getString("decided_by"), instant(row, "decided_at"),
                Workaround.Status.valueOf(row.getString("status")), row.getString("fix_verified_in"),
                row.getString("fix_verified_by"), instant(row, "fix_verified_at"), instant(row, "closed_at"),
                row.getString("closing_note"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
