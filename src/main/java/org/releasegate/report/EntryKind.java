package org.releasegate.report;

import java.util.Locale;

/** The kinds of entries of a release record, in the order the record lists them. */
enum EntryKind {
    /** The release itself: name, initiator, outcome, versions and checksums as they stand. */
    RELEASE,
    /** One step of the timeline (a task, an event). */
    STEP,
    /** A failure of an automated step shown in Cockpit. */
    INCIDENT,
    /** What a tester or key user said about one item. */
    VERDICT,
    /** A file or link attached to a task. */
    ATTACHMENT,
    /** What a person decided in a task, with the reason. */
    DECISION,
    /** What an automated step recorded: versions, archive ids, SHA-256. */
    EVIDENCE,
    /** What an administrator did outside the policy's path: started the release at a step, moved it, wrote its variables… */
    INTERVENTION,
    /** The last entry: when, by whom and in which time zone the report was made. */
    SEAL;

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EntryKind fromJson(String value) {
        for (EntryKind kind : values()) {
            if (kind.json().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown entry kind: " + value);
    }
}
