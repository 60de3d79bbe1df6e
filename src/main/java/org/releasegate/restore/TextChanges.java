package org.releasegate.restore;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.releasegate.data.AfterInstallRecord;
import org.releasegate.message.Messages;

/**
 * What changed between two versions of a CSV file, told the way people count it: in records (rows told apart by
 * their first column, when it is unique: « 2 enregistrements ajoutés, 1 modifié ») or else in lines, and the columns
 * the header gained or lost. Contents are compared, never shown: a report names records by their key alone (the first
 * few of each kind), never a customer's name.
 */
final class TextChanges {

    /** Beyond this, a version is not read back for a report: the change is told in bytes. */
    static final int MAX_BYTES = AfterInstallRecord.MAX_FILE_BYTES;
    private static final String SEPARATORS = ";,\t|";

    private TextChanges() {
    }

    /** Files whose first line names the columns and each further line is one record. */
    static boolean applies(String path) {
        return AfterInstallRecord.keepsText(path);
    }

    /** « 6 enregistrements », or « 6 lignes » when records cannot be told apart. */
    static String size(byte[] content) {
        Table table = Table.of(content);
        return table.keyed() ? count(table.rows.size(), Messages.text("restore.loss.record"),
                Messages.text("restore.loss.records"))
                : count(table.rows.size(), Messages.text("restore.loss.line"), Messages.text("restore.loss.lines"));
    }

    /** « 2 enregistrements ajoutés, 1 modifié ; colonne ajoutée : pays »; empty when no record or column changed. */
    static String changes(byte[] before, byte[] after) {
        Table then = Table.of(before);
        Table now = Table.of(after);
        List<String> parts = new ArrayList<>();
        if (then.keyed() && now.keyed()) {
            Map<String, String> old = then.byKey();
            Map<String, String> current = now.byKey();
            List<String> added = current.keySet().stream().filter(key -> !old.containsKey(key)).toList();
            List<String> removed = old.keySet().stream().filter(key -> !current.containsKey(key)).toList();
            List<String> modified = current.entrySet().stream()
                    .filter(row -> old.containsKey(row.getKey()) && !old.get(row.getKey()).equals(row.getValue()))
                    .map(Map.Entry::getKey).toList();
            String records = enumerate(Messages.text("restore.loss.record"), Messages.text("restore.loss.records"),
                    named(added, Messages.text("restore.loss.added"), Messages.text("restore.loss.added-many")),
                    named(modified, Messages.text("restore.loss.changed"), Messages.text("restore.loss.changed-many")),
                    named(removed, Messages.text("restore.loss.removed"), Messages.text("restore.loss.removed-many")));
            if (!records.isEmpty()) {
                parts.add(records);
            }
        } else {
            Map<String, Integer> balance = new HashMap<>();
            now.rows.forEach(row -> balance.merge(row, 1, Integer::sum));
            then.rows.forEach(row -> balance.merge(row, -1, Integer::sum));
            long added = balance.values().stream().filter(n -> n > 0).mapToLong(n -> n).sum();
            long removed = -balance.values().stream().filter(n -> n < 0).mapToLong(n -> n).sum();
            String lines = enumerate(Messages.text("restore.loss.line"), Messages.text("restore.loss.lines"),
                    new Tally(added, Messages.text("restore.loss.line-added"),
                            Messages.text("restore.loss.line-added-many")),
                    new Tally(removed, Messages.text("restore.loss.line-removed"),
                            Messages.text("restore.loss.line-removed-many")));
            if (!lines.isEmpty()) {
                parts.add(lines);
            }
        }
        if (!Objects.equals(then.header, now.header)) {
            parts.add(headerChange(then.columns(), now.columns()));
        }
        return String.join(" ; ", parts);
    }

    /** « colonne ajoutée : pays », « colonnes supprimées : a, b », or « en-tête modifié » when only their order changed. */
    static String headerChange(List<String> before, List<String> after) {
        Set<String> added = new LinkedHashSet<>(after);
        before.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(before);
        after.forEach(removed::remove);
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add(Messages.text(added.size() == 1 ? "restore.loss.column-added" : "restore.loss.columns-added",
                    String.join(", ", added)));
        }
        if (!removed.isEmpty()) {
            parts.add(Messages.text(removed.size() == 1 ? "restore.loss.column-removed"
                    : "restore.loss.columns-removed", String.join(", ", removed)));
        }
        return parts.isEmpty() ? Messages.text("restore.loss.header-changed") : String.join(", ", parts);
    }

    /** A count and the word that follows it, agreed in number, and the first records' keys to name, if any. */
    record Tally(long n, String one, String many, List<String> keys) {

        Tally(long n, String one, String many) {
            this(n, one, many, List.of());
        }
    }

    /** Records by their key (the first column), the first few named in the file's order. */
    private static Tally named(List<String> keys, String one, String many) {
        return new Tally(keys.size(), one, many, keys.stream().limit(RecordChanges.NAMED)
                .map(RecordChanges::shorten).toList());
    }

    /** « 12 lignes ajoutées, 3 modifiées, 1 supprimée »: the noun once, with the first count that is not zero. */
    static String enumerate(String noun, String nouns, Tally... tallies) {
        List<String> parts = new ArrayList<>();
        for (Tally tally : tallies) {
            if (tally.n() != 0) {
                String word = tally.n() == 1 ? tally.one() : tally.many();
                String keys = tally.keys().isEmpty() ? "" : " (" + String.join(", ", tally.keys())
                        + (tally.n() > tally.keys().size() ? "…" : "") + ")";
                parts.add(tally.n() + " " + (parts.isEmpty() ? (tally.n() == 1 ? noun : nouns) + " " : "") + word + keys);
            }
        }
        return String.join(", ", parts);
    }

    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** A CSV file read as a header and rows (blank lines left out); quoted line breaks are not followed. */
    private record Table(String header, char separator, List<String> rows) {

        static Table of(byte[] content) {
            List<String> lines = new ArrayList<>();
            for (String line : decode(content).split("\n", -1)) {
                String row = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (!row.isBlank()) {
                    lines.add(row);
                }
            }
            if (lines.isEmpty()) {
                return new Table(null, ';', List.of());
            }
            String header = lines.get(0);
            return new Table(header, separatorOf(header), List.copyOf(lines.subList(1, lines.size())));
        }

        /** Records can be told apart when every row has a first column, none twice. */
        boolean keyed() {
            Set<String> keys = new HashSet<>();
            return separatorFound() && rows.stream().allMatch(row -> keys.add(key(row)));
        }

        Map<String, String> byKey() {
            Map<String, String> rowsByKey = new LinkedHashMap<>();
            rows.forEach(row -> rowsByKey.put(key(row), row));
            return rowsByKey;
        }

        List<String> columns() {
            return header == null ? List.of() : List.of(header.split(Pattern.quote(String.valueOf(separator)), -1));
        }

        private boolean separatorFound() {
            return header != null && header.indexOf(separator) >= 0;
        }

        private String key(String row) {
            int end = row.indexOf(separator);
            return end < 0 ? row : row.substring(0, end);
        }

        private static char separatorOf(String header) {
            char best = ';';
            long most = 0;
            for (char candidate : SEPARATORS.toCharArray()) {
                long n = header.chars().filter(c -> c == candidate).count();
                if (n > most) {
                    best = candidate;
                    most = n;
                }
            }
            return best;
        }
    }

    /** UTF-8 when it is, else Latin-1 (any byte is a character): older ERPs export in Windows code pages. */
    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }
}
