package org.releasegate.archive;

import org.releasegate.RejectedInputException;

/** An archive's files no longer match its manifest, or the manifest is unreadable: it cannot be trusted. */
public class ArchiveCorruptedException extends RejectedInputException {

    public ArchiveCorruptedException(String message) {
        super(message);
    }

    public ArchiveCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
