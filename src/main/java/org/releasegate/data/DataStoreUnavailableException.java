package org.releasegate.data;

import java.io.IOException;
import java.util.Optional;

import org.releasegate.message.TechnicalDetail;

/**
 * A data store cannot be reached or used right now (wrong credentials, server down, database missing, tool failed):
 * technical, so the step is retried and then shows as an incident. The message is what operations read in Cockpit:
 * French, from the bundle, naming the environment's store and never a server, a path or the driver's English; those
 * are the detail, which goes to the incident's trace and the server's log.
 */
public class DataStoreUnavailableException extends IOException implements TechnicalDetail {

    private final String detail;

    /**
     * @param message what a person reads (the bundle's text: « Base H2 de l'environnement « test » : … »)
     * @param detail  what only the log and the incident's trace get (URL, path, role, the server's own message)
     */
    public DataStoreUnavailableException(String message, String detail, Throwable cause) {
        super(message, cause);
        this.detail = detail;
    }

    @Override
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }
}
