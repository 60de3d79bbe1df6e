package org.releasegate.data;

import java.util.Optional;

import org.releasegate.message.TechnicalDetail;

/**
 * A data store is configured wrongly, or a tool it needs is missing: fix the configuration, then start again. Its
 * message names settings and server paths for the administrator who reads the start-up log; a step that meets it at
 * run time shows operations a French sentence instead (the message is the detail).
 */
public class DataStoreConfigurationException extends IllegalStateException implements TechnicalDetail {

    public DataStoreConfigurationException(String message) {
        super(message);
    }

    public DataStoreConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Optional<String> detail() {
        return Optional.ofNullable(getMessage());
    }

    @Override
    public boolean fromSettings() {
        return true;
    }
}
