package org.releasegate.data;

import java.io.IOException;

/**
 * A store that should be quiet is still in use: a file changed during the settle period, an H2 file is held by an
 * application, a PostgreSQL session could not be ended. The message is French and names no server path: it is the
 * reason shown to the release manager.
 */
public class StillInUseException extends IOException {

    public StillInUseException(String message) {
        super(message);
    }
}
