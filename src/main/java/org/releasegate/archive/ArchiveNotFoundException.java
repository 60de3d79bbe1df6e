package org.releasegate.archive;

import org.releasegate.RejectedInputException;

/** No archive has the requested id. */
public class ArchiveNotFoundException extends RejectedInputException {

    public ArchiveNotFoundException(String message) {
        super(message);
    }
}
