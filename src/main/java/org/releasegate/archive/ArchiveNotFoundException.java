package org.releasegate.archive;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

/** No archive has the requested id. */
public class ArchiveNotFoundException extends RejectedInputException {

    public ArchiveNotFoundException(String message) {
        super(message);
    }

    private ArchiveNotFoundException(String message, String detail) {
        super(message, detail, null);
    }

    /** People read which archive is missing; where the store is on the server goes to its log. */
    public static ArchiveNotFoundException of(String archiveId, Object where) {
        return new ArchiveNotFoundException(Messages.text("archive.not-found", archiveId),
                "no archive " + archiveId + (where == null ? "" : " in " + where));
    }
}
