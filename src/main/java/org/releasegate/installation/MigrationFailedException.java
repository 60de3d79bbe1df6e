package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/**
 * The package's data migration script failed or timed out; the data folder and the installed version are left
 * unchanged.
 */
public class MigrationFailedException extends RejectedInputException {

    public MigrationFailedException(String message) {
        super(message);
    }

    /** @param detail for the server's log only (paths, commands, settings) */
    public MigrationFailedException(String message, String detail) {
        super(message, detail, null);
    }
}
