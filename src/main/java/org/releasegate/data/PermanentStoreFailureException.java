package org.releasegate.data;

import org.releasegate.RejectedInputException;

/**
 * A data store refused the work for a reason that retrying cannot fix — a privilege the role lacks, an extension or a
 * role missing on the server, tools too old for it — so a person must act before anything is tried again. The message
 * is French and names the remedy when it is known (« GRANT pg_signal_backend TO releasegate »). Raised before anything
 * was changed, or after the staged work was thrown away: the store is as it was.
 */
public class PermanentStoreFailureException extends RejectedInputException {

    public PermanentStoreFailureException(String message) {
        super(message);
    }

    public PermanentStoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param detail what only the server's log gets (the server's own message, a tool's path), or null */
    public PermanentStoreFailureException(String message, String detail, Throwable cause) {
        super(message, detail, cause);
    }
}
