package org.releasegate.data;

import org.releasegate.RejectedInputException;

/** The staged copy does not match its source (typically the source was modified while being copied). */
public class DataCopyVerificationException extends RejectedInputException {

    public DataCopyVerificationException(String message) {
        super(message);
    }

    /** @param detail what only the server's log gets (paths, what differs), or null */
    public DataCopyVerificationException(String message, String detail) {
        super(message, detail, null);
    }
}
