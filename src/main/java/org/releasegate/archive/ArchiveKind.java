package org.releasegate.archive;

/** What an archive holds. */
public enum ArchiveKind {
    /** A snapshot of the production data, taken before production changes. */
    PRODUCTION_DATA,
    /** The installer package of a version, kept to restore that version. */
    INSTALLER
}
