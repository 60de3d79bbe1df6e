package org.releasegate.archive;

import java.io.IOException;

/**
 * A last check of what an archive was made from, run once the archive is complete, verified and forced to disk, just
 * before it is published: when it throws, nothing is published. The proof that a stopped folder stayed unwritten
 * while it was archived is one ({@link DataArchives#archiveSince}).
 */
@FunctionalInterface
public interface BeforePublish {

    BeforePublish NOTHING = () -> {
    };

    void check() throws IOException;
}
