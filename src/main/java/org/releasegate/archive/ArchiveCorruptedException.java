package org.releasegate.archive;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

/** An archive's files no longer match its manifest, or the manifest is unreadable: it cannot be trusted. */
public class ArchiveCorruptedException extends RejectedInputException {

    public ArchiveCorruptedException(String message) {
        super(message);
    }

    public ArchiveCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }

    private ArchiveCorruptedException(String message, String detail, Throwable cause) {
        super(message, detail, cause);
    }

    /**
     * The archive is damaged: people read which archive and that nothing can be restored from it; what is wrong with
     * it (a member, a digest, a size) goes to the server's log.
     */
    public static ArchiveCorruptedException of(String archiveId, String problem) {
        return of(archiveId, problem, null);
    }

    public static ArchiveCorruptedException of(String archiveId, String problem, Throwable cause) {
        return new ArchiveCorruptedException(Messages.text("archive.corrupted", archiveId),
                "archive " + archiveId + " is corrupted: " + problem, cause);
    }
}
