package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * A verified copy waiting next to its target. Lets a caller change the copy (a data migration) before
 * {@link #publish() publishing} it; closing an unpublished copy deletes it and leaves the target untouched.
 */
public final class StagedCopy implements AutoCloseable {

    private final Path dir;
    private final Path target;
    private final CopyReport report;
    private final boolean copyOfTarget;
    private final boolean quickPublish;
    private boolean pending = true;

    /** @param copyOfTarget the copy was made from the target itself, which must not change before it is replaced */
    StagedCopy(Path dir, Path target, CopyReport report, boolean copyOfTarget) {
        this(dir, target, report, copyOfTarget, false);
    }

    /**
     * @param quickPublish {@link #publish()} forces the copy to disk with one flush of its file system rather than
     *                     file by file, and deletes the replaced folder after it returns
     *                     ({@link FolderSwap#swapDiscardingLater})
     */
    StagedCopy(Path dir, Path target, CopyReport report, boolean copyOfTarget, boolean quickPublish) {
        this.dir = dir;
        this.target = target;
        this.report = report;
        this.copyOfTarget = copyOfTarget;
        this.quickPublish = quickPublish;
    }

    /** The staged folder, a hidden sibling of the target. */
    public Path dir() {
        return dir;
    }

    public Path target() {
        return target;
    }

    /** What was copied, as verified against the source (before any change made to the staged folder). */
    public CopyReport report() {
        return report;
    }

    /**
     * Atomically puts the staged folder in the target's place and deletes the folder it replaces.
     *
     * @throws DataChangedSinceStagedException when the copy was made from the target and the target changed since
     *                                         (a writer still at work): the target is left as it is
     */
    public void publish() throws IOException {
        if (!pending) {
            throw new IllegalStateException("staged copy " + dir + " was already published or discarded");
        }
        if (copyOfTarget) {
            // Hashed again rather than compared by size and time: a writer may keep both while changing bytes.
            DataChangedSinceStagedException.requireUnchanged(Fingerprint.ofFiles(report.files()),
                    Fingerprint.ofFiles(FolderDigest.of(target)), Messages.text("data.the-data"));
        }
        if (quickPublish) {
            FileSystemFlush.flush(dir);
            FolderSwap.swapDiscardingLater(dir, target);
        } else {
            FileTrees.fsyncRecursively(dir);
            FolderSwap.swap(dir, target);
        }
        pending = false;
    }

    /** Discards the staged folder unless it was published. */
    @Override
    public void close() throws IOException {
        if (pending) {
            pending = false;
            FileTrees.deleteRecursively(dir);
        }
    }
}
