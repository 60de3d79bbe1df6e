package org.releasegate.data;

/** A data store is configured wrongly, or a tool it needs is missing: fix the configuration, then start again. */
public class DataStoreConfigurationException extends IllegalStateException {

    public DataStoreConfigurationException(String message) {
        super(message);
    }

    public DataStoreConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
