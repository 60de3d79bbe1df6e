package org.releasegate.data;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.releasegate.files.FileTrees;

/**
 * Replaces a folder by a staged sibling with two renames, and repairs what a crash between them leaves.
 * Siblings are named {@code .<target>.staging-<16 hex>} and {@code .<target>.previous-<16 hex>} so that they
 * live on the target's file system (renames stay atomic) and are recognised exactly on the next attempt.
 */
final class FolderSwap {

    private static final System.Logger LOG = System.getLogger(FolderSwap.class.getName());

    private FolderSwap() {
    }

    static Path newStaging(Path target) {
        return sibling(target, "staging");
    }

    /**
     * Deletes the staging and previous folders of dead attempts. When the target is missing and a previous
     * folder exists, the swap died between its two renames: that previous folder is the last complete copy and
     * is put back first.
     */
    static void recoverLeftovers(Path target) throws IOException {
        Path parent = target.getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> stagings = leftovers(target, "staging");
        List<Path> previous = new ArrayList<>(leftovers(target, "previous"));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !previous.isEmpty()) {
            Path lastComplete = previous.stream().max(Comparator.comparing(FolderSwap::lastModified)).orElseThrow();
            Files.move(lastComplete, target, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.fsyncDirectory(parent);
            previous.remove(lastComplete);
        }
        for (Path leftover : stagings) {
            FileTrees.deleteRecursively(leftover);
        }
        for (Path leftover : previous) {
            FileTrees.deleteRecursively(leftover);
        }
    }

    /** Moves the target aside, moves the staged folder in its place, then deletes what was moved aside. */
    static void swap(Path staging, Path target) throws IOException {
        Path parent = target.getParent();
        Path previous = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            previous = sibling(target, "previous");
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not left without the target until the next attempt repairs it: a caller may undo other work first.
            if (previous != null) {
                try {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException putBack) {
                    e.addSuppressed(putBack);
                }
            }
            throw e;
        }
        FileTrees.fsyncDirectory(parent);
        if (previous != null) {
            try {
                FileTrees.deleteRecursively(previous);
            } catch (IOException e) {
                // The new folder is in place; the next copy to this target deletes the leftover.
                LOG.log(Level.WARNING, "could not delete the replaced folder " + previous + ": " + e.getMessage());
            }
        }
    }

    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + FileTrees.randomSuffix());
    }

    private static List<Path> leftovers(Path target, String kind) throws IOException {
        Pattern name = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\." + kind
                + "-[0-9a-f]{16}");
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            return siblings.filter(path -> name.matcher(path.getFileName().toString()).matches()).toList();
        }
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
