package org.releasegate.data;

import java.io.IOException;

/**
 * A data store cannot be reached or used right now (wrong credentials, server down, database missing, tool failed):
 * technical, so the step is retried and then shows as an incident with this message.
 */
public class DataStoreUnavailableException extends IOException {

    public DataStoreUnavailableException(String message) {
        super(message);
    }

    public DataStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
