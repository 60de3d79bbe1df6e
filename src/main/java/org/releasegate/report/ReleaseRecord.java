package org.releasegate.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A release's history as a hash chain: each entry's hash covers its content and the hash of the entry before it,
 * so changing, removing or moving an entry breaks the chain from there on. The last entry seals the report (when,
 * by whom, in which time zone, how many entries); {@link #head()} is its hash.
 */
record ReleaseRecord(String processInstanceId, List<Entry> entries) {

    static final String FORMAT = "release-gate-report/1";
    /** What the first entry points back to. */
    static final String GENESIS = "0".repeat(64);

    ReleaseRecord {
        entries = List.copyOf(entries);
    }

    /** Chains the facts of a release and seals them. */
    static ReleaseRecord seal(String processInstanceId, List<Fact> facts, Instant generatedAt, String generatedBy,
                              ZoneId zone) {
        List<Fact> all = new ArrayList<>(facts);
        all.add(Fact.of(EntryKind.SEAL)
                .with(Fields.GENERATED_AT, generatedAt)
                .with(Fields.GENERATED_BY, generatedBy)
                .with(Fields.ZONE, zone.getId())
                .with(Fields.ENTRY_COUNT, facts.size() + 1)
                .build());
        List<Entry> entries = new ArrayList<>();
        String previous = GENESIS;
        for (Fact fact : all) {
            int seq = entries.size();
            String sha256 = RecordJson.entryHash(seq, fact.kind(), fact.fields(), previous);
            entries.add(new Entry(seq, fact.kind(), fact.fields(), previous, sha256));
            previous = sha256;
        }
        return new ReleaseRecord(processInstanceId, entries);
    }

    /** The hash of the seal, which covers every entry. */
    String head() {
        return entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).sha256();
    }

    /**
     * The hash of the last entry before the seal: every report of a finished release, whenever it is made, has the
     * same, so it can be compared with a report fetched again from the server.
     */
    String historyHash() {
        return entries.size() < 2 ? GENESIS : entries.get(entries.size() - 2).sha256();
    }

    Entry release() {
        return entries.stream().filter(entry -> entry.kind() == EntryKind.RELEASE).findFirst()
                .orElseThrow(() -> new IllegalStateException("record without its release entry"));
    }

    Entry seal() {
        return entries.get(entries.size() - 1);
    }

    List<Entry> all(EntryKind kind) {
        return entries.stream().filter(entry -> entry.kind() == kind).toList();
    }

    ZoneId zone() {
        return ZoneId.of(seal().find(Fields.ZONE).orElse("UTC"));
    }
}
