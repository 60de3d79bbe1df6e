package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Path;

import org.releasegate.files.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scratch folders where restore steps extract archives, named after their task so a re-delivery starts afresh. */
final class ScratchFolders {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchFolders.class);

    private ScratchFolders() {
    }

    /** Never hides the step's own outcome: a scratch folder left behind is removed by archive retention later. */
    static void deleteQuietly(Path scratch) {
        try {
            FileTrees.deleteRecursively(scratch);
        } catch (IOException e) {
            LOG.warn("Could not delete the scratch folder {}: {}", scratch, e.getMessage());
        }
    }
}
