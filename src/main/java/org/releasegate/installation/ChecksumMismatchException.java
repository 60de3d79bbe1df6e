package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/** The package is not the same bytes as the one the release was tested with. */
public class ChecksumMismatchException extends RejectedInputException {

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
