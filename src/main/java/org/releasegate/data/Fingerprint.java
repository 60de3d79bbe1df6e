package org.releasegate.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

/**
 * What a data store holds, part by part, so that two stores (a source and its copy, a snapshot and the store it
 * was taken from) can be compared without reading their content again. Parts are files for a {@code directory}
 * store (count = size in bytes) and tables for database stores (count = rows; the checksum covers the columns and
 * every row, whatever their order).
 *
 * @param unit   what {@link Part#count()} counts: {@code bytes} or {@code rows}; {@code mixed} for an environment of
 *               several stores ({@link #combine}), whose parts say their own
 * @param parts  sorted by name
 * @param method    how the parts' checksums were computed, when a store knows more than one way; null for the first
 *                  way of each store. Only fingerprints computed the same way compare.
 * @param sequences the database's sequences and where each stood, sorted by name; empty for stores without any and
 *                  in fingerprints taken before they were recorded. Counters, not content: left out of
 *                  {@link #sha256()} and {@link #sameContentAs}, so that fingerprints with and without them compare.
 */
public record Fingerprint(String unit, List<Part> parts, @JsonInclude(JsonInclude.Include.NON_NULL) String method,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Sequence> sequences) {

    public static final String BYTES = "bytes";
    public static final String ROWS = "rows";
    public static final String MIXED = "mixed";
    /**
     * The part of a PostgreSQL fingerprint holding the database's large objects (OID and bytes of each; count: the
     * objects), present when it has any and the fingerprint's method counts them.
     */
    public static final String LARGE_OBJECTS = "pg_catalog.pg_largeobject";

    public Fingerprint {
        Objects.requireNonNull(unit, "unit");
        parts = parts.stream().sorted(Comparator.comparing(Part::name)).toList();
        sequences = sequences == null ? List.of()
                : sequences.stream().sorted(Comparator.comparing(Sequence::name)).toList();
    }

    public Fingerprint(String unit, List<Part> parts, String method) {
        this(unit, parts, method, List.of());
    }

    public Fingerprint(String unit, List<Part> parts) {
        this(unit, parts, null);
    }

    /**
     * @param name   a file's relative path ('/' separators) or a table's {@code schema.table}
     * @param count  bytes of the file or rows of the table
     * @param sha256 lower-case hex checksum of the part's content
     * @param unit   what {@code count} counts, in a {@code mixed} fingerprint only; null otherwise
     */
    public record Part(String name, long count, String sha256, @JsonInclude(JsonInclude.Include.NON_NULL) String unit) {

        public Part(String name, long count, String sha256) {
            this(name, count, sha256, null);
        }
    }

    /**
     * Where a sequence stood, as {@code setval(name, lastValue, called)} would set it back (what pg_dump writes): the
     * next number it gives is {@code lastValue + increment} when {@code called}, else {@code lastValue}.
     *
     * @param name      {@code schema.sequence}
     * @param increment what each call adds (negative for a descending sequence)
     */
    public record Sequence(String name, long lastValue, boolean called, long increment) {

        /** The next number the sequence gives. */
        public long next() {
            return called ? lastValue + increment : lastValue;
        }
    }

    /** One part that differs between two fingerprints; a count is null where the part does not exist. */
    public record Change(String name, Kind kind, Long countThen, Long countNow) {

        public enum Kind { ADDED, REMOVED, CHANGED }

        @Override
        public String toString() {
            return switch (kind) {
                case ADDED -> name + " added (" + countNow + ")";
                case REMOVED -> name + " removed (" + countThen + ")";
                case CHANGED -> name + " changed (" + countThen + " → " + countNow + ")";
            };
        }
    }

    /** The fingerprint of a folder's files, whose {@link #sha256()} is the folder's {@link FolderDigest#treeSha256}. */
    public static Fingerprint ofFiles(List<FileDigest> files) {
        return new Fingerprint(BYTES, files.stream().map(f -> new Part(f.path(), f.size(), f.sha256())).toList());
    }

    /**
     * The stores of one environment as one fingerprint: each part named {@code <store>/<part>} and carrying its unit;
     * the method names each store's that has one ({@code data=…;…}), so that {@link #store} gives each back. The
     * sequences (only a database has any) keep their names.
     */
    public static Fingerprint combine(Map<String, Fingerprint> byStore) {
        List<Part> parts = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        new TreeMap<>(byStore).forEach((store, fingerprint) -> {
            fingerprint.parts.forEach(part -> parts.add(new Part(store + "/" + part.name(), part.count(), part.sha256(),
                    fingerprint.unitOf(part))));
            if (fingerprint.method != null) {
                methods.add(store + "=" + fingerprint.method);
            }
            sequences.addAll(fingerprint.sequences());
        });
        return new Fingerprint(MIXED, parts, methods.isEmpty() ? null : String.join(";", methods), sequences);
    }

    /** One store's fingerprint out of a {@link #combine combined} one, its parts named as the store names them. */
    public Fingerprint store(String store, String storeUnit) {
        String prefix = store + "/";
        String storeMethod = method == null ? null : Arrays.stream(method.split(";"))
                .filter(entry -> entry.startsWith(store + "=")).map(entry -> entry.substring(store.length() + 1))
                .findFirst().orElse(null);
        return new Fingerprint(storeUnit, parts.stream().filter(part -> part.name().startsWith(prefix))
                .map(part -> new Part(part.name().substring(prefix.length()), part.count(), part.sha256())).toList(),
                storeMethod);
    }

    /** What the part's count counts. */
    public String unitOf(Part part) {
        return part.unit() != null ? part.unit() : unit;
    }

    /** What the count of the part of that name counts (a {@link Change}'s, say). */
    public String unitOf(String partName) {
        return parts.stream().filter(part -> part.name().equals(partName)).findFirst().map(this::unitOf).orElse(unit);
    }

    /** The part of this name, if the store holds one. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(part -> part.name().equals(name)).findFirst();
    }

    /** SHA-256 over the lines {@code "name\tsha256\n"} sorted by name: one value naming the whole content. */
    public String sha256() {
        MessageDigest digest = FolderDigest.newSha256();
        for (Part part : parts) {
            digest.update((part.name() + "\t" + part.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return FolderDigest.hex(digest.digest());
    }

    public long totalCount() {
        return parts.stream().mapToLong(Part::count).sum();
    }

    public boolean sameContentAs(Fingerprint other) {
        return unit.equals(other.unit) && Objects.equals(method, other.method) && parts.equals(other.parts);
    }

    /**
     * What changed from {@code then} (typically a snapshot's fingerprint) to this one: what a restore of that
     * snapshot would undo. Sorted by name; empty when both hold the same content.
     *
     * @throws IllegalArgumentException when the two were computed differently: every part would look changed
     */
    public List<Change> changesSince(Fingerprint then) {
        if (!Objects.equals(method, then.method)) {
            throw new IllegalArgumentException("fingerprints computed differently (" + method + ", " + then.method
                    + ") do not compare");
        }
        Map<String, Part> before = byName(then.parts);
        Map<String, Part> now = byName(parts);
        List<Change> changes = new ArrayList<>();
        for (String name : new TreeSet<>(union(before, now))) {
            Part old = before.get(name);
            Part current = now.get(name);
            if (old == null) {
                changes.add(new Change(name, Change.Kind.ADDED, null, current.count()));
            } else if (current == null) {
                changes.add(new Change(name, Change.Kind.REMOVED, old.count(), null));
            } else if (!old.equals(current)) {
                changes.add(new Change(name, Change.Kind.CHANGED, old.count(), current.count()));
            }
        }
        return changes;
    }

    /** A short description for messages: {@code 3 tables, 1204 rows, sha256 ab12…}. */
    public String summary() {
        String kind = ROWS.equals(unit) ? "tables" : MIXED.equals(unit) ? "parts" : "files";
        return parts.size() + " " + kind + ", " + totalCount() + " " + unit + ", sha256 " + sha256();
    }

    private static Map<String, Part> byName(List<Part> parts) {
        Map<String, Part> map = new LinkedHashMap<>();
        parts.forEach(part -> map.put(part.name(), part));
        return map;
    }

    private static List<String> union(Map<String, Part> a, Map<String, Part> b) {
        List<String> names = new ArrayList<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
