package org.releasegate.message;

import java.util.Optional;

/**
 * A failure whose message is written for people (French, plain) and which keeps what only operations need — paths,
 * servers, commands, a library's English — apart, for the server's log and the incident's trace.
 */
public interface TechnicalDetail {

    /** The technical detail written to the server's log beside the message, if any. */
    Optional<String> detail();

    /**
     * Whether the failure comes from Release Gate's own settings (a data store configured wrongly, a tool missing):
     * nothing changes until they are corrected.
     */
    default boolean fromSettings() {
        return false;
    }
}
