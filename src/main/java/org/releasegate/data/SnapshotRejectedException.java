package org.releasegate.data;

import org.releasegate.RejectedInputException;

/** A snapshot folder cannot be restored: unreadable description, other store type, or content that does not match it. */
public class SnapshotRejectedException extends RejectedInputException {

    public SnapshotRejectedException(String message) {
        super(message);
    }

    /** @param detail what only the server's log gets (paths, what differs), or null */
    public SnapshotRejectedException(String message, String detail) {
        super(message, detail, null);
    }
}
