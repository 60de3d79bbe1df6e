package org.releasegate.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.releasegate.data.Fingerprint;
import org.releasegate.data.Fingerprint.Change;
import org.releasegate.message.Messages;
import org.releasegate.restore.DataCategories.Category;
import org.releasegate.restore.RecordStates.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What restoring an archive would lose, in French, for the release manager deciding on a rollback. What people
 * entered since the install comes first and is never shortened; what the migration changed (what a rollback is
 * meant to undo) is shown apart; numbers that sequences would give out a second time are named with their range.
 * Business data (sales, invoices) comes before the rest and is always listed in full; the ERP's metadata, which a
 * migration rewrites wholesale, last and shortened. The engine keeps at most {@value #MAX_LENGTH} characters: the
 * rest is shortened further to fit, business changes last.
 * <p>
 * A database table is told record by record when the states' records are known (RecordStates): the records added,
 * changed and removed, the first keys named; else, and for a table without a primary key, in row counts.
 */
final class LossReport {

    private static final Logger LOG = LoggerFactory.getLogger(LossReport.class);

    /** The engine refuses a text variable longer than this. */
    static final int MAX_LENGTH = 4000;
    /** Beyond these, « … et N autres »: never business data, which is always listed in full. */
    static final int OTHERS_LISTED = 20;
    static final int METADATA_LISTED = 5;
    static final int OTHER_SEQUENCES_LISTED = 10;

    /**
     * How much is spelled out; the report takes the first that fits in {@link #MAX_LENGTH}: the rest shortened further,
     * then business changes told in fewer words, never dropped; beyond that the report is cut at a line and says so.
     */
    private record Style(int others, int metadata, int otherSequences, boolean compactBusiness, int keys) {
    }

    private static final List<Style> STYLES = List.of(
            new Style(OTHERS_LISTED, METADATA_LISTED, OTHER_SEQUENCES_LISTED, false, RecordChanges.NAMED),
            new Style(3, 0, 3, false, 3),
            new Style(0, 0, 0, true, 0));

    /** Two states compared: production's records are told between the same two. */
    private record Span(State then, State now) {
    }

    private final DataCategories categories;
    private final FileVersions files;
    private final RecordStates records;
    private Style style = STYLES.get(0);
    /** Whether a table's change was told in row counts alone, in the report being written. */
    private boolean countedOnly;

    LossReport(DataCategories categories, FileVersions files) {
        this(categories, files, RecordStates.none());
    }

    LossReport(DataCategories categories, FileVersions files, RecordStates records) {
        this.categories = categories;
        this.files = files;
        this.records = records;
    }

    /**
     * @param archived     the archive's content, taken just before the install
     * @param afterInstall production's content right after the install, when it was recorded
     * @param now          production's content now, computed the way {@code archived} was
     */
    String write(String header, Fingerprint archived, Optional<Fingerprint> afterInstall, Fingerprint now) {
        String text = "";
        for (Style each : STYLES) {
            style = each;
            text = render(header, archived, afterInstall, now);
            if (text.length() <= MAX_LENGTH) {
                return text;
            }
        }
        LOG.warn("Loss report cut to {} characters; in full:\n{}", MAX_LENGTH, text);
        String cut = "\n" + Messages.text("restore.loss.cut", MAX_LENGTH);
        String kept = text.substring(0, MAX_LENGTH - cut.length());
        return kept.substring(0, Math.max(kept.lastIndexOf('\n'), 0)) + cut;
    }

    private String render(String header, Fingerprint archived, Optional<Fingerprint> afterInstall, Fingerprint now) {
        List<Change> all = now.changesSince(archived);
        List<ReissuedNumbers> reissued = ReissuedNumbers.since(archived, now);
        List<String> lines = new ArrayList<>(List.of(header));
        countedOnly = false;
        if (all.isEmpty() && reissued.isEmpty()) {
            lines.add(Messages.text("restore.loss.nothing"));
            return String.join("\n", lines);
        }
        Optional<Fingerprint> installed = afterInstall.filter(fingerprint -> comparable(fingerprint, archived));
        if (installed.isPresent()) {
            List<Change> byPeople = now.changesSince(installed.get());
            lines.add("");
            lines.add(Messages.text("restore.loss.by-people", parts(byPeople.size(), now)));
            lines.addAll(byPeople.isEmpty() ? List.of(Messages.text("restore.loss.by-people-none"))
                    : list(byPeople, installed.get(), now, new Span(State.INSTALLED, State.NOW)));
            // Numbers the migration took (the ERP stopped) went to rows a restore removes with it: only those given
            // out since the install would be given twice.
            lines.addAll(sequences(archived, now, ReissuedNumbers.since(installed.get(), now)));
            List<Change> byMigration = installed.get().changesSince(archived);
            lines.add("");
            lines.add(Messages.text("restore.loss.by-migration", parts(byMigration.size(), now)));
            lines.addAll(byMigration.isEmpty() ? List.of(Messages.text("restore.loss.by-migration-none"))
                    : list(byMigration, archived, installed.get(), new Span(State.ARCHIVED, State.INSTALLED)));
            lines.addAll(movedByMigration(archived, installed.get()));
        } else {
            lines.add("");
            lines.add(Messages.text("restore.loss.no-install-fingerprint"));
            lines.add(Messages.text("restore.loss.since-archive", parts(all.size(), now)));
            lines.addAll(all.isEmpty() ? List.of(Messages.text("restore.loss.since-archive-none"))
                    : list(all, archived, now, new Span(State.ARCHIVED, State.NOW)));
            lines.addAll(sequences(archived, now, reissued));
        }
        if (countedOnly) {
            lines.add("");
            lines.add(Messages.text("restore.loss.counted-only"));
        }
        lines.add(Messages.text("restore.loss.current-archived"));
        return String.join("\n", lines);
    }

    /** Whether two fingerprints were computed alike, so that one compares with the other. */
    static boolean comparable(Fingerprint a, Fingerprint b) {
        return a.unit().equals(b.unit()) && Objects.equals(a.method(), b.method());
    }

    // --- tables and files ---------------------------------------------------------------------------------------

    private List<String> list(List<Change> changes, Fingerprint before, Fingerprint after, Span span) {
        List<String> lines = new ArrayList<>();
        if (!categories.configured()) {
            lines.addAll(bullets(changes, before, after, span, Math.max(style.others(), 3)));
            return lines;
        }
        List<Change> business = only(changes, Category.BUSINESS, before, after);
        List<Change> other = only(changes, Category.OTHER, before, after);
        List<Change> metadata = only(changes, Category.METADATA, before, after);
        if (!business.isEmpty()) {
            lines.add(Messages.text("restore.loss.business", business.size()));
            business.stream().sorted(Comparator.comparing(Change::name))
                    .forEach(change -> lines.add("• " + item(change, before, after, span)));
        }
        if (!other.isEmpty()) {
            lines.add(Messages.text("restore.loss.other", other.size()));
            lines.addAll(bullets(other, before, after, span, style.others()));
        }
        if (!metadata.isEmpty()) {
            lines.add(Messages.text("restore.loss.metadata", metadata.size()));
            lines.addAll(bullets(metadata, before, after, span, style.metadata()));
        }
        return lines;
    }

    private List<Change> only(List<Change> changes, Category category, Fingerprint before, Fingerprint after) {
        return changes.stream().filter(change -> categories.of(change.name(), !rows(change, before, after)) == category)
                .toList();
    }

    /** Whether the change is a table's (an environment of several stores has tables and files side by side). */
    private static boolean rows(Change change, Fingerprint before, Fingerprint after) {
        String unit = change.kind() == Change.Kind.REMOVED ? before.unitOf(change.name()) : after.unitOf(change.name());
        return Fingerprint.ROWS.equals(unit);
    }

    /** The largest changes first (a table that gained 500 rows before one that gained 1), at most {@code limit}. */
    private List<String> bullets(List<Change> changes, Fingerprint before, Fingerprint after, Span span, int limit) {
        List<String> lines = new ArrayList<>(changes.stream()
                .sorted(Comparator.comparingLong(LossReport::size).reversed().thenComparing(Change::name))
                .limit(limit).map(change -> "• " + item(change, before, after, span)).toList());
        lines.addAll(more(changes.size(), limit));
        return lines;
    }

    private static List<String> more(int count, int listed) {
        if (count <= listed) {
            return List.of();
        }
        if (listed == 0) {
            return List.of(Messages.text(count == 1 ? "restore.loss.not-listed-one" : "restore.loss.not-listed"));
        }
        return List.of(Messages.text("restore.loss.more", count - listed));
    }

    private static long size(Change change) {
        return Math.abs(orZero(change.countNow()) - orZero(change.countThen()));
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    private String item(Change change, Fingerprint before, Fingerprint after, Span span) {
        if (largeObjects(change.name())) {
            return Messages.text("restore.loss.large-objects", largeObjectsChange(change));
        }
        if (!rows(change, before, after)) {
            return change.name() + " : " + fileChange(change, before, after);
        }
        if (change.kind() == Change.Kind.CHANGED) {
            Optional<RecordChanges> byKey = records.between(span.then(), span.now(), change.name());
            if (byKey.isPresent()) {
                return displayName(change.name()) + " : " + byKey.get().describe(style.keys());
            }
            countedOnly = true;
        }
        return displayName(change.name()) + " : " + tableChange(change, style.compactBusiness());
    }

    private static String tableChange(Change change, boolean compact) {
        if (compact) {
            return switch (change.kind()) {
                case ADDED -> Messages.text("restore.loss.table.created-compact", lines(change.countNow()));
                case REMOVED -> Messages.text("restore.loss.table.removed-compact", lines(change.countThen()));
                case CHANGED -> change.countThen() + " → " + lines(change.countNow());
            };
        }
        return switch (change.kind()) {
            case ADDED -> Messages.text("restore.loss.table.created", lines(change.countNow()));
            case REMOVED -> Messages.text("restore.loss.table.removed", lines(change.countThen()));
            case CHANGED -> Messages.text("restore.loss.content-changed", change.countThen().equals(change.countNow())
                    ? lines(change.countNow()) : change.countThen() + " → " + lines(change.countNow()));
        };
    }

    /** The part of a PostgreSQL fingerprint that holds the large objects, alone or in an environment of several stores. */
    private static boolean largeObjects(String name) {
        return name.equals(Fingerprint.LARGE_OBJECTS) || name.endsWith("/" + Fingerprint.LARGE_OBJECTS);
    }

    private static String largeObjectsChange(Change change) {
        return switch (change.kind()) {
            case ADDED -> Messages.text("restore.loss.large-objects.added", objects(change.countNow()));
            case REMOVED -> Messages.text("restore.loss.large-objects.removed", objects(change.countThen()));
            case CHANGED -> Messages.text("restore.loss.content-changed", change.countThen().equals(change.countNow())
                    ? objects(change.countNow()) : change.countThen() + " → " + objects(change.countNow()));
        };
    }

    private static String objects(long n) {
        return TextChanges.count(n, Messages.text("restore.loss.object"), Messages.text("restore.loss.objects"));
    }

    private static String lines(long n) {
        return TextChanges.count(n, Messages.text("restore.loss.line"), Messages.text("restore.loss.lines"));
    }

    /** In records or lines when both versions of a CSV file are known; otherwise in bytes. */
    private String fileChange(Change change, Fingerprint before, Fingerprint after) {
        if (TextChanges.applies(change.name())) {
            Optional<byte[]> then = content(change.name(), before);
            Optional<byte[]> now = content(change.name(), after);
            switch (change.kind()) {
                case ADDED -> {
                    if (now.isPresent()) {
                        return Messages.text("restore.loss.file.created-text", TextChanges.size(now.get()));
                    }
                }
                case REMOVED -> {
                    if (then.isPresent()) {
                        return Messages.text("restore.loss.file.removed-text", TextChanges.size(then.get()));
                    }
                }
                case CHANGED -> {
                    if (then.isPresent() && now.isPresent()) {
                        String changes = TextChanges.changes(then.get(), now.get());
                        if (!changes.isEmpty()) {
                            return changes;
                        }
                    }
                }
            }
        }
        return switch (change.kind()) {
            case ADDED -> Messages.text("restore.loss.file.created", change.countNow());
            case REMOVED -> Messages.text("restore.loss.file.removed", change.countThen());
            case CHANGED -> Messages.text("restore.loss.file.changed", change.countThen(), change.countNow());
        };
    }

    private Optional<byte[]> content(String path, Fingerprint state) {
        return state.part(path).flatMap(part -> files.content(path, part.sha256()));
    }

    // --- sequences ----------------------------------------------------------------------------------------------

    private List<String> sequences(Fingerprint archived, Fingerprint now, List<ReissuedNumbers> reissued) {
        List<String> lines = new ArrayList<>();
        if (archived.sequences().isEmpty() && !now.sequences().isEmpty()) {
            lines.add("");
            lines.add(Messages.text("restore.loss.sequences-not-archived"));
            return lines;
        }
        if (reissued.isEmpty()) {
            return lines;
        }
        List<ReissuedNumbers> business = reissued.stream()
                .filter(numbers -> categories.of(numbers.sequence(), false) == Category.BUSINESS).toList();
        List<ReissuedNumbers> other = reissued.stream().filter(numbers -> !business.contains(numbers)).toList();
        lines.add("");
        lines.add(Messages.text(reissued.size() == 1 ? "restore.loss.reissued-one" : "restore.loss.reissued",
                reissued.size()));
        business.forEach(numbers -> lines.add(sequenceBullet(numbers)));
        other.stream().limit(style.otherSequences()).forEach(numbers -> lines.add(sequenceBullet(numbers)));
        lines.addAll(more(other.size(), style.otherSequences()));
        lines.add(Messages.text("restore.loss.reissued-remedy"));
        return lines;
    }

    /** Sequences the migration moved, which a restore sets back where they stood: « prochain numéro 1041 → 5001 ». */
    private List<String> movedByMigration(Fingerprint archived, Fingerprint installed) {
        Map<String, Long> before = new HashMap<>();
        archived.sequences().forEach(sequence -> before.put(sequence.name(), sequence.next()));
        List<String> moved = installed.sequences().stream()
                .filter(sequence -> before.containsKey(sequence.name())
                        && before.get(sequence.name()) != sequence.next())
                .map(sequence -> Messages.text("restore.loss.sequence-moved", displayName(sequence.name()),
                        before.get(sequence.name()), sequence.next()))
                .toList();
        if (moved.isEmpty()) {
            return moved;
        }
        List<String> lines = new ArrayList<>(List.of(Messages.text("restore.loss.sequences-moved")));
        lines.addAll(moved.stream().limit(Math.max(style.otherSequences(), 3)).toList());
        lines.addAll(more(moved.size(), Math.max(style.otherSequences(), 3)));
        return lines;
    }

    private String sequenceBullet(ReissuedNumbers numbers) {
        return "• " + displayName(numbers.sequence()) + " : " + (style.compactBusiness()
                ? Messages.text("restore.loss.numbers", numbers.first(), numbers.last()) : numbers.describe());
    }

    // --- wording ------------------------------------------------------------------------------------------------

    /** Tables of the default schema by their name alone: {@code public.sale_order} is {@code sale_order}. */
    private static String displayName(String qualified) {
        // in an environment of several stores, a table is named after its store first: data/public.sale_order
        String name = qualified.indexOf('/') >= 0 ? qualified.substring(qualified.indexOf('/') + 1) : qualified;
        return name.regionMatches(true, 0, "public.", 0, "public.".length()) ? name.substring("public.".length()) : name;
    }

    private static String parts(int n, Fingerprint fingerprint) {
        if (Fingerprint.MIXED.equals(fingerprint.unit())) {
            return Messages.text(n == 1 ? "restore.loss.parts.mixed-one" : "restore.loss.parts.mixed", n);
        }
        boolean rows = Fingerprint.ROWS.equals(fingerprint.unit());
        return Messages.text(rows ? (n == 1 ? "restore.loss.parts.table" : "restore.loss.parts.tables")
                : (n == 1 ? "restore.loss.parts.file" : "restore.loss.parts.files"), n);
    }
}
