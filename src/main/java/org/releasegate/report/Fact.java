package org.releasegate.report;

import java.util.Collections;
import java.util.Date;
import java.util.SortedMap;
import java.util.TreeMap;

/** One fact of a release's history before it is chained: its kind and its text fields (empty ones left out). */
record Fact(EntryKind kind, SortedMap<String, String> fields) {

    Fact {
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    static Builder of(EntryKind kind) {
        return new Builder(kind);
    }

    static final class Builder {

        private final EntryKind kind;
        private final SortedMap<String, String> fields = new TreeMap<>();

        private Builder(EntryKind kind) {
            this.kind = kind;
        }

        Builder with(String name, Object value) {
            String text;
            if (value instanceof Date date) {
                text = date.toInstant().toString();
            } else {
                text = value == null ? null : value.toString();
            }
            if (text != null && !text.isEmpty()) {
                fields.put(name, text);
            }
            return this;
        }

        Fact build() {
            return new Fact(kind, fields);
        }
    }
}
