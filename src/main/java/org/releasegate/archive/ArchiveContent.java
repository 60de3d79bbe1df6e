package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes what is to be archived into an empty folder, which the store then packs, hashes and deletes: for content
 * that only exists once something produces it (a database export). Content already in a folder or a file is
 * packed directly, without this intermediate copy ({@link ArchiveStore#createFromFolder},
 * {@link ArchiveStore#createFromFile}).
 */
@FunctionalInterface
public interface ArchiveContent {

    void writeTo(Path emptyFolder) throws IOException;
}
