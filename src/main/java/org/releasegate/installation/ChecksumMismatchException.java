package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/** The package is not the same bytes as the one the release was tested with. */
public class ChecksumMismatchException extends RejectedInputException {

    public ChecksumMismatchException(String message) {
        super(message);
    }

    /** @param detail for the server's log only (paths, commands, settings) */
    public ChecksumMismatchException(String message, String detail) {
        super(message, detail, null);
    }
}
