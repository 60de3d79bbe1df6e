package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/** The package, or what ends up installed, is not the version the release expects. */
public class VersionMismatchException extends RejectedInputException {

    public VersionMismatchException(String message) {
        super(message);
    }

    /** @param detail for the server's log only (paths, commands, settings) */
    public VersionMismatchException(String message, String detail) {
        super(message, detail, null);
    }
}
