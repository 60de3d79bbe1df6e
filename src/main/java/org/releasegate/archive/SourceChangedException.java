package org.releasegate.archive;

import org.releasegate.RejectedInputException;

/**
 * What was being archived changed while it was read (a file grew, shrank, was touched, appeared or vanished): the
 * archive would not be a consistent snapshot, so nothing is published. Archive again when nothing writes to it.
 */
public class SourceChangedException extends RejectedInputException {

    public SourceChangedException(String message) {
        super(message);
    }
}
