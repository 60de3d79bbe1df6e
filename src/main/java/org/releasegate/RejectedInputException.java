package org.releasegate;

/**
 * The input of an automated step is wrong for business reasons (checksum or version mismatch, unsafe package,
 * unreadable road book): retrying cannot help, so the step raises a BPMN error and a person decides.
 * Anything else thrown by a step is technical and goes through retries, then a Cockpit incident.
 */
public class RejectedInputException extends RuntimeException {

    public RejectedInputException(String message) {
        super(message);
    }

    public RejectedInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the environment the step acted on may have been partly changed before the step gave up. Release Gate's
     * own steps change all or nothing; a vendor's program may not.
     */
    public boolean mayHaveAlteredTarget() {
        return false;
    }
}
