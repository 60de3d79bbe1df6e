package org.releasegate.verification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Verdicts in table {@code rg_verdict}; written in the engine's transaction when a verification task completes. */
@Repository
public class VerdictRepository {

    private final JdbcTemplate jdbc;

    public VerdictRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a verdict; the same task recorded again (a retried completion) is ignored. */
    public void record(Verdict verdict) {
        jdbc.update("""
                INSERT INTO rg_verdict (process_instance_id, round, item_kind, item_id, item_version, item_title,
                                        verdict, comment, user_id, task_id, recorded_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)
                WHERE NOT EXISTS (SELECT 1 FROM rg_verdict WHERE task_id = ?)""",
                verdict.processInstanceId(), verdict.round(), verdict.kind().name(), verdict.itemId(),
                verdict.itemVersion(), truncate(verdict.itemTitle(), 2000), verdict.outcome().name(),
                truncate(verdict.comment(), 4000), verdict.userId(), verdict.taskId(),
                Timestamp.from(verdict.recordedAt()), verdict.taskId());
    }

    public List<Verdict> ofRound(String processInstanceId, int round) {
        return jdbc.query("SELECT * FROM rg_verdict WHERE process_instance_id = ? AND round = ? ORDER BY id",
                VerdictRepository::map, processInstanceId, round);
    }

    public List<Verdict> ofRelease(String processInstanceId) {
        return jdbc.query("SELECT * FROM rg_verdict WHERE process_instance_id = ? ORDER BY id",
                VerdictRepository::map, processInstanceId);
    }

    /** The verdicts given on one item in one release, round by round. */
    public List<Verdict> ofItemInRelease(String processInstanceId, Verdict.ItemKind kind, String itemId) {
        return jdbc.query("SELECT * FROM rg_verdict WHERE process_instance_id = ? AND item_kind = ? AND item_id = ? "
                + "ORDER BY round, id", VerdictRepository::map, processInstanceId, kind.name(), itemId);
    }

    /** Every verdict on one item (a strategic process, a road-book change) across releases and rounds, newest first. */
    public List<Verdict> ofItem(Verdict.ItemKind kind, String itemId) {
        return jdbc.query("SELECT * FROM rg_verdict WHERE item_kind = ? AND item_id = ? ORDER BY recorded_at DESC, id DESC",
                VerdictRepository::map, kind.name(), itemId);
    }

    /** Ids of the items of a kind already verified OK in this release: an urgent fix does not re-verify them. */
    public Set<String> passedItems(String processInstanceId, Verdict.ItemKind kind) {
        return new TreeSet<>(jdbc.queryForList("""
                SELECT DISTINCT item_id FROM rg_verdict
                WHERE process_instance_id = ? AND item_kind = ? AND verdict = 'OK'""",
                String.class, processInstanceId, kind.name()));
    }

    private static Verdict map(ResultSet row, int rowNumber) throws SQLException {
        return new Verdict(row.getString("process_instance_id"), row.getInt("round"),
                Verdict.ItemKind.valueOf(row.getString("item_kind")), row.getString("item_id"),
                row.getString("item_version"), row.getString("item_title"),
                Verdict.Outcome.valueOf(row.getString("verdict")), row.getString("comment"), row.getString("user_id"),
                row.getString("task_id"), row.getTimestamp("recorded_at").toInstant());
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
