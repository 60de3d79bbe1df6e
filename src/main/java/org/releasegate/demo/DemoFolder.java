package org.releasegate.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.releasegate.files.FileTrees;

/**
 * The demo's own folder ({@code releasegate.demo.root}) and what it holds. The demo writes its sample data only
 * inside it, and only into a folder it laid out itself: its markers tell a demo laid out, or interrupted while being
 * laid out, from a folder that holds someone else's files.
 */
final class DemoFolder {

    /** Written last: the demo is complete. */
    static final String READY_MARKER = ".demo-ready";
    /** Written first and removed last: a folder holding it was being laid out by the demo when the JVM stopped. */
    static final String LAYING_OUT_MARKER = ".demo-laying-out";

    private final Path root;

    DemoFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    boolean holds(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return !absolute.equals(root) && absolute.startsWith(root);
    }

    boolean laidOut() {
        return Files.exists(root.resolve(READY_MARKER));
    }

    boolean interrupted() {
        return Files.exists(root.resolve(LAYING_OUT_MARKER));
    }

    /**
     * A file (or link) in the folder, for a folder the demo did not lay out: empty folders are what the application's
     * own start may create (inbox, archive store), anything else was put there by someone else.
     */
    Optional<Path> someoneElsesFile() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? Optional.of(root) : Optional.empty();
        }
        try (Stream<Path> entries = Files.walk(root)) {
            return entries.filter(entry -> !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)).findFirst();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Starts laying out afresh: what an interrupted lay-out left is the demo's own and goes. */
    void startLayingOut() throws IOException {
        if (interrupted()) {
            FileTrees.deleteRecursively(root);
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(LAYING_OUT_MARKER), "Demo being laid out by Release Gate\n");
    }

    void finishLayingOut() throws IOException {
        Files.writeString(root.resolve(READY_MARKER), "Demo laid out by Release Gate\n");
        Files.delete(root.resolve(LAYING_OUT_MARKER));
    }
}
