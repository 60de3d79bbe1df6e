package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.Path;

/** Writes what is to be archived into an empty folder the store then hashes, verifies and publishes. */
@FunctionalInterface
public interface ArchiveContent {

    void writeTo(Path filesDir) throws IOException;
}
