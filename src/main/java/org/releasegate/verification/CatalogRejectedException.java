package org.releasegate.verification;

import org.releasegate.RejectedInputException;

/**
 * The strategic-process catalogue, or a change to it, is invalid: the message names the file, the line and the
 * reason. A release planning on a broken catalogue stops with this message before any verification.
 */
public class CatalogRejectedException extends RejectedInputException {

    public CatalogRejectedException(String message) {
        super(message);
    }
}
