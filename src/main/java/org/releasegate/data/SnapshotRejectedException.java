package org.releasegate.data;

import org.releasegate.RejectedInputException;

/** A snapshot folder cannot be restored: unreadable description, other store type, or content that does not match it. */
public class SnapshotRejectedException extends RejectedInputException {

    public SnapshotRejectedException(String message) {
        super(message);
    }
}
