package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/**
 * The file is not an installer package this tool accepts: unknown format, corrupt archive, missing or invalid
 * descriptor.
 */
public class PackageRejectedException extends RejectedInputException {

    public PackageRejectedException(String message) {
        super(message);
    }

    public PackageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param detail for the server's log only */
    public PackageRejectedException(String message, String detail, Throwable cause) {
        super(message, detail, cause);
    }
}
