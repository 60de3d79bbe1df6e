package org.releasegate.report;

import java.util.Optional;
import java.util.SortedMap;

/** One entry of a release record: a fact, its place in the chain, the hash of the entry before it and its own. */
record Entry(int seq, EntryKind kind, SortedMap<String, String> fields, String previous, String sha256) {

    String field(String name) {
        return fields.get(name);
    }

    Optional<String> find(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
