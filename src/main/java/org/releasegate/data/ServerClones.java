package org.releasegate.data;

import java.io.IOException;
import java.time.Duration;

/**
 * A copy of a stopped store taken by its own server ({@code CREATE DATABASE clone TEMPLATE production}): a file copy
 * inside the server, so that the production window pays for the copy and one scan of the stopped store (its row
 * checksums, which the clone must give when it is first relied on) rather than for a full export.
 * The clone is exported into the archive store once production runs again, and dropped once that archive is drilled;
 * until then it is what a rollback puts back, by a rename on the server. Obtained from {@link DataStore#serverClones}.
 * <p>
 * One clone per store at most: a release's is named after it ({@link #nameFor}), so that a crashed attempt's is found
 * again; any other (an earlier release's leftover) is dropped before a clone is taken.
 */
public interface ServerClones {

    /** The clone's name for release {@code releaseId}: the store's database, a mark, a digest of the id. */
    String nameFor(String releaseId);

    /**
     * Clones the stopped store under {@code name} and records what the stopped store holds (its row checksums, one scan
     * of the store): the clone must give exactly these when it is exported after the reopening, and before a rollback
     * puts it back — the check an archive's read-back makes, done when the clone is first relied on rather than in the
     * window. A clone of that name a crashed attempt left is kept only when its row checksums and the store's,
     * computed at once, are equal (who knows what happened since), dropped and taken again otherwise; any other clone
     * of this store is dropped first. The store is only read.
     *
     * @param purpose French, written in the clone's comment for a DBA who finds it
     * @throws PermanentStoreFailureException when the role may not clone the store (with the remedy)
     */
    Cloned cloneStopped(String name, String purpose) throws IOException;

    /** Whether the clone exists on the server. */
    boolean exists(String name) throws IOException;

    /** The clone as a store of its own, to be read (exported, fingerprinted), never replaced. */
    DataStore store(String name);

    /**
     * Puts the clone in the store's place by renaming both databases in one transaction (sessions on the store ended
     * first; a stopped store stays closed under its new content), then drops the replaced database: a rollback that
     * moves no data.
     */
    void swapIn(String name) throws IOException;

    /** Drops the clone; nothing when it is gone already. */
    void drop(String name) throws IOException;

    /**
     * A clone taken and checked.
     *
     * @param fingerprint what the stopped store holds: what the clone must hold
     * @param reused      a crashed attempt's clone, checked again and kept
     * @param checking    the scan of the stopped store (of both, at once, for a clone reused)
     * @param cloneRead   whether the clone itself was scanned and compared already (a reused one); otherwise its export
     *                    or a rollback proves it
     */
    record Cloned(String name, Fingerprint fingerprint, boolean reused, Duration cloning, Duration checking,
                  boolean cloneRead) {
    }
}
