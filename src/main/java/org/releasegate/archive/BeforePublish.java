package org.releasegate.archive;

import java.io.IOException;
import java.util.Optional;

import org.releasegate.data.FolderSnapshot;

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

    /**
     * True when this check walks the archived folder again, every file and directory, against a walk taken before the
     * archive read it: the packer's own last walk for files added or removed behind it then proves nothing more.
     */
    default boolean rewalksFolder() {
        return false;
    }

    /**
     * The walk of the archived folder taken before the archive read it, that this check's own walk is compared with
     * (when {@link #rewalksFolder}): the packer then takes the files' metadata from it rather than walking the folder
     * once more. Empty when there is none.
     */
    default Optional<FolderSnapshot> walkBefore() {
        return Optional.empty();
    }
}
