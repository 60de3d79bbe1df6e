package org.releasegate.data;

import java.io.IOException;

/**
 * A stream between machines does not hold what its source sent (a digest differs, a frame is malformed): technical,
 * like a cut link, so the step retries the whole transfer; nothing of it is swapped in.
 */
public class TransferCorruptedException extends IOException {

    public TransferCorruptedException(String message) {
        super(message);
    }
}
