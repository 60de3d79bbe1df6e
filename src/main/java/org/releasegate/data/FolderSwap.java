package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.releasegate.files.FileTrees;

/**
 * Replaces a folder by a staged sibling with two renames, and repairs what a crash between them leaves.
 * Siblings are named {@code .<target>.staging-<16 hex>}, {@code .<target>.previous-<16 hex>} and
 * {@code .<target>.discarded-<16 hex>} so that they live on the target's file system (renames stay atomic) and are
 * recognised exactly on the next attempt. A {@code discarded} folder is a replaced one being deleted after the swap
 * ({@link #swapDiscardingLater}): never put back, deleted by whoever finds it.
 */
final class FolderSwap {

    private static final System.Logger LOG = System.getLogger(FolderSwap.class.getName());
    /** One thread: deletions after a swap run one after the other, beside the steps, never in their way. */
    static final ExecutorService DISCARDER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "release-gate-discard");
        thread.setDaemon(true);
        return thread;
    });
    /** The deletion under way after the last swap of each target. */
    private static final Map<Path, CompletableFuture<Void>> DISCARDING = new ConcurrentHashMap<>();

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
        awaitDiscarded(target);
        Path parent = target.getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> stagings = new ArrayList<>(leftovers(target, "staging"));
        // Of a swap that ended: the target is in place, and these were never whole again once their deletion began.
        stagings.addAll(leftovers(target, "discarded"));
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
        Path previous = swapKeepingPrevious(staging, target);
        if (previous != null) {
            try {
                FileTrees.deleteRecursively(previous);
            } catch (IOException e) {
                // The new folder is in place; the next copy to this target deletes the leftover.
                LOG.log(Level.WARNING, "could not delete the replaced folder " + previous + ": " + e.getMessage());
            }
        }
    }

    /**
     * As {@link #swap}, but returns once the staged folder is in place, durably: the replaced folder (as many files
     * as the new one) is renamed {@code discarded} and deleted on a thread of its own. A crash before that deletion
     * ends leaves it beside the target, where the next {@link #recoverLeftovers} of the target deletes it.
     */
    static void swapDiscardingLater(Path staging, Path target) throws IOException {
        Path previous = swapKeepingPrevious(staging, target);
        if (previous == null) {
            return;
        }
        Path discarded = sibling(target, "discarded");
        try {
            Files.move(previous, discarded, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not set the replaced folder " + previous + " aside; the next copy to "
                    + target + " deletes it: " + e.getMessage());
            return;
        }
        DISCARDING.put(target, CompletableFuture.runAsync(() -> {
            try {
                FileTrees.deleteRecursively(discarded);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete the replaced folder " + discarded + "; the next copy to "
                        + target + " deletes it: " + e.getMessage());
            }
        }, DISCARDER));
    }

    /**
     * Deletes, on the thread of {@link #swapDiscardingLater}'s deletions, the {@code discarded} folders a stopped node
     * left beside {@code target}; a copy to that target that starts meanwhile waits for it, as for a deletion after
     * a swap. {@code deleted} is told how many were deleted, when there were some.
     */
    static CompletableFuture<Void> deleteDiscardedLater(Path target, IntConsumer deleted) {
        CompletableFuture<Void> deletion = new CompletableFuture<>();
        CompletableFuture<Void> running = DISCARDING.putIfAbsent(target, deletion);
        if (running != null) {
            // A swap's own deletion is under way: the leftovers are for the next copy, which waits for it.
            return running;
        }
        DISCARDER.execute(() -> {
            try {
                List<Path> leftovers = Files.isDirectory(target.getParent()) ? leftovers(target, "discarded")
                        : List.of();
                for (Path leftover : leftovers) {
                    FileTrees.deleteRecursively(leftover);
                }
                if (!leftovers.isEmpty()) {
                    deleted.accept(leftovers.size());
                }
                deletion.complete(null);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not delete a replaced copy left beside " + target + "; the next copy to"
                        + " it deletes it: " + e.getMessage());
                deletion.completeExceptionally(e);
            }
        });
        return deletion;
    }

    /** Waits for the deletion that the last {@link #swapDiscardingLater} of {@code target} left running, if any. */
    static void awaitDiscarded(Path target) throws IOException {
        CompletableFuture<Void> discarding = DISCARDING.get(target);
        if (discarding == null) {
            return;
        }
        try {
            discarding.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the replaced copy of " + target + " was deleted");
        } catch (ExecutionException e) {
            // Logged by the deletion; what is left is a leftover like any other.
        }
        DISCARDING.remove(target, discarding);
    }

    /** The two renames; returns the target moved aside, or null when there was none. */
    private static Path swapKeepingPrevious(Path staging, Path target) throws IOException {
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
        return previous;
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
