package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.releasegate.data.RowDigests;
import org.releasegate.data.RowDigests.Row;
import org.releasegate.data.RowDigests.TableReader;
import org.releasegate.message.Messages;

/**
 * What changed in one table between two states, record by record: the records added, changed and removed, told by
 * their primary key, the first few named. A table without a primary key is told by its row counts alone.
 *
 * @param keyed          false when either state has no primary key (or not the same): only the counts are known
 * @param valuesCompared false when the two states' rows were digested differently (the migration changed the
 *                       table's columns): only the keys added and removed are known
 * @param columnsChange  the columns added or removed, « colonne ajoutée : pays »; empty when the same
 */
record RecordChanges(boolean keyed, boolean valuesCompared, Tally added, Tally changed, Tally removed,
                     long rowsThen, long rowsNow, String columnsChange) {

    /** How many keys of each kind are kept to be named. */
    static final int NAMED = 5;
    /** A key longer than this is shortened where it is named. */
    private static final int KEY_LENGTH = 40;

    /** A count and the first keys. */
    record Tally(long count, List<String> first) {

        static Tally none() {
            return new Tally(0, List.of());
        }
    }

    /**
     * Compares one table's files in two folders of {@link RowDigests}, in one pass.
     *
     * @return empty when either folder lacks the table's file or a file is unreadable (cut short by a crash)
     */
    static Optional<RecordChanges> between(Path then, Path now, String table) throws IOException {
        Optional<TableReader> before = RowDigests.open(then, table);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        try (TableReader old = before.get()) {
            Optional<TableReader> after = RowDigests.open(now, table);
            if (after.isEmpty()) {
                return Optional.empty();
            }
            try (TableReader current = after.get()) {
                return Optional.of(compare(old, current));
            }
        }
    }

    private static RecordChanges compare(TableReader then, TableReader now) throws IOException {
        if (then.keyColumns().isEmpty() || !then.keyColumns().equals(now.keyColumns())) {
            return new RecordChanges(false, false, Tally.none(), Tally.none(), Tally.none(), then.count(), now.count(),
                    columnsChange(then, now));
        }
        boolean values = then.method().equals(now.method()) && then.columns().equals(now.columns());
        Counter added = new Counter();
        Counter changed = new Counter();
        Counter removed = new Counter();
        long rowsThen = 0;
        long rowsNow = 0;
        Optional<Row> a = then.next();
        Optional<Row> b = now.next();
        while (a.isPresent() || b.isPresent()) {
            int order = a.isEmpty() ? 1 : b.isEmpty() ? -1 : RowDigests.KEY_ORDER.compare(a.get().key(), b.get().key());
            if (order < 0) {
                removed.add(a.get().key());
                a = then.next();
                rowsThen++;
            } else if (order > 0) {
                added.add(b.get().key());
                b = now.next();
                rowsNow++;
            } else {
                if (values && !a.get().digest().equals(b.get().digest())) {
                    changed.add(b.get().key());
                }
                a = then.next();
                b = now.next();
                rowsThen++;
                rowsNow++;
            }
        }
        return new RecordChanges(true, values, added.tally(), changed.tally(), removed.tally(), rowsThen, rowsNow,
                columnsChange(then, now));
    }

    private static String columnsChange(TableReader then, TableReader now) {
        return then.columns().equals(now.columns()) ? "" : TextChanges.headerChange(names(then.columns()),
                names(now.columns()));
    }

    /** The names out of « id integer, nom text »: a name is the first word of each column, a type has no « , ». */
    private static List<String> names(String columns) {
        return columns.isEmpty() ? List.of() : Arrays.stream(columns.split(", (?=[^ ,()]+ )"))
                .map(column -> column.split(" ", 2)[0]).toList();
    }

    private static final class Counter {
        private final List<String> first = new ArrayList<>();
        private long count;

        void add(String key) {
            if (first.size() < NAMED) {
                first.add(shorten(key));
            }
            count++;
        }

        Tally tally() {
            return new Tally(count, List.copyOf(first));
        }
    }

    /** A key as it is named: shortened beyond {@link #KEY_LENGTH} characters. */
    static String shorten(String key) {
        return key.length() <= KEY_LENGTH ? key : key.substring(0, KEY_LENGTH - 1) + "…";
    }

    /** Whether anything differs: a table whose fingerprint changed may hold the same records in the same state. */
    boolean any() {
        return !keyed ? rowsThen != rowsNow : added.count() + changed.count() + removed.count() > 0;
    }

    /**
     * « 3 ajoutés (C104, C105, C106), 1 modifié (C017), 0 supprimé », each kind with its first {@code named} keys.
     */
    String describe(int named) {
        if (!keyed) {
            return Messages.text("restore.loss.unkeyed", rowsThen, TextChanges.count(rowsNow,
                    Messages.text("restore.loss.line"), Messages.text("restore.loss.lines")))
                    + (columnsChange.isEmpty() ? "" : " ; " + columnsChange);
        }
        List<String> parts = new ArrayList<>();
        parts.add(part(added, Messages.text("restore.loss.added"), Messages.text("restore.loss.added-many"), named));
        if (valuesCompared) {
            parts.add(part(changed, Messages.text("restore.loss.changed"), Messages.text("restore.loss.changed-many"),
                    named));
        }
        parts.add(part(removed, Messages.text("restore.loss.removed"), Messages.text("restore.loss.removed-many"),
                named));
        String text = String.join(", ", parts);
        if (valuesCompared) {
            return text;
        }
        return Messages.text("restore.loss.values-not-compared", text,
                columnsChange.isEmpty() ? Messages.text("restore.loss.table-columns-changed") : columnsChange);
    }

    private static String part(Tally tally, String one, String many, int named) {
        String text = tally.count() + " " + (tally.count() <= 1 ? one : many);
        if (tally.count() == 0 || named <= 0) {
            return text;
        }
        List<String> keys = tally.first().subList(0, Math.min(named, tally.first().size()));
        return text + " (" + String.join(", ", keys) + (tally.count() > keys.size() ? "…" : "") + ")";
    }
}
