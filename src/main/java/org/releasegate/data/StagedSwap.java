package org.releasegate.data;

import java.io.IOException;

/**
 * Verified content waiting to take a store's place: {@link #publish()} swaps it in; closing an unpublished one leaves
 * the store untouched. What a swap needs, and all a rollback's clone renamed into place offers; a copy that post-copy
 * scripts may change is a {@link StagedData}.
 */
public interface StagedSwap extends AutoCloseable {

    /** The content as verified when it was staged. */
    Fingerprint fingerprint();

    /** Swaps the staged content in, in place of the store's. */
    void publish() throws IOException;

    /** Releases what an unpublished staging holds (deleted, or kept when it is the only copy). */
    @Override
    void close() throws IOException;
}
