package org.releasegate.data;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A watch for writes begun on a stopped store ({@link DataStore#watchForWrites}): what lets work on the store (an
 * archive) run while the store is proved quiet, rather than after a wait. Only a folder needs one; a store that
 * {@link DataStore#quiesce} closes (a database, an H2 file) has nothing to watch.
 */
public interface WriteWatch {

    /** A store with nothing to watch: always quiet. */
    WriteWatch NONE = settle -> Optional.empty();

    /**
     * Proves that nothing was written since the watch began, over at least {@code settle}: waits what remains of it,
     * then reads the metadata again.
     *
     * @return what was observed, in French (« plus aucune écriture constatée pendant 2,4 s »); empty when there was
     *         nothing to watch
     * @throws StillInUseException naming (inside the store) what was written meanwhile
     */
    Optional<String> requireQuietFor(Duration settle) throws IOException;

    /**
     * True when {@link #requireQuietFor} walks the whole store again, every file and directory, against the walk
     * taken when the watch began: any entry added, removed or written since is then found.
     */
    default boolean walksEveryEntry() {
        return false;
    }

    /**
     * The walk of the store's folder taken when the watch began, that {@link #requireQuietFor} compares its own with:
     * work under the watch (the archive's packer) takes the files' metadata from it instead of walking the folder
     * again. Empty when the watch took none.
     */
    default Optional<FolderSnapshot> firstWalk() {
        return Optional.empty();
    }
}
