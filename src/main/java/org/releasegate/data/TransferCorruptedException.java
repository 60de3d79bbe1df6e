package org.releasegate.data;

import java.io.IOException;
import java.util.Optional;

/**
 * A stream between machines does not hold what its source sent (a digest differs, a frame is malformed): technical,
 * like a cut link, so the step retries the whole transfer; nothing of it is swapped in. The message is French and
 * names no server path (it becomes the step's incident in Cockpit); what differs goes to the server's log.
 */
public class TransferCorruptedException extends IOException {

    private final String detail;

    /**
     * @param message what Cockpit shows: French, no server path
     * @param detail  what only the server's log gets (digests, frames, sizes)
     */
    public TransferCorruptedException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    /** The technical detail for the server's log, if any. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }
}
