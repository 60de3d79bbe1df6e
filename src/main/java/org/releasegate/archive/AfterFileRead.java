package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests act on a source file right after it was read into an archive (to simulate a writer racing it). */
@FunctionalInterface
interface AfterFileRead {

    AfterFileRead NOTHING = file -> {
    };

    void fileRead(Path file) throws IOException;
}
