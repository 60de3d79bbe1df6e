package org.releasegate;

import java.util.Optional;

/**
 * The input of an automated step is wrong for business reasons (checksum or version mismatch, unsafe package,
 * unreadable road book): retrying cannot help, so the step raises a BPMN error and a person decides.
 * Anything else thrown by a step is technical and goes through retries, then a Cockpit incident.
 */
public class RejectedInputException extends RuntimeException {

    private final String detail;

    /** @param message what the person who decides reads (the decision form shows it): plain French, no server path */
    public RejectedInputException(String message) {
        this(message, null, null);
    }

    public RejectedInputException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what the person who decides reads: plain French, files named relative to the inbox or the
     *                install root, never a server path
     * @param detail  what operations need in the server's log only (absolute paths, commands, settings), or null
     */
    public RejectedInputException(String message, String detail, Throwable cause) {
        super(message, cause);
        this.detail = detail;
    }

    /** The technical detail written to the server's log beside the message, if any. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /**
     * Whether the environment the step acted on may have been partly changed before the step gave up. Release Gate's
     * own steps change all or nothing; a vendor's program may not.
     */
    public boolean mayHaveAlteredTarget() {
        return false;
    }
}
