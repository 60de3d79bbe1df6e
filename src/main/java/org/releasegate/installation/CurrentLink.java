package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.releasegate.files.FileTrees;

/**
 * {@code installRoot/current}, a symbolic link to the active version folder. It is switched by renaming a new
 * link over it, so a reader sees either the old version or the new one, never none.
 */
final class CurrentLink {

    static final String NAME = "current";

    private static final Pattern TEMPORARY = Pattern.compile("\\.current-[0-9a-f]{16}");

    private CurrentLink() {
    }

    /** The folder {@code current} points to, empty when nothing is installed. */
    static Optional<Path> target(Path installRoot) throws IOException {
        Path link = installRoot.resolve(NAME);
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isSymbolicLink(link)) {
            throw new IOException(link + " is not a symbolic link; move it away so that versions can be switched");
        }
        return Optional.of(installRoot.resolve(Files.readSymbolicLink(link)).normalize());
    }

    static void pointTo(Path installRoot, Path versionFolder) throws IOException {
        deleteDeadTemporaries(installRoot);
        Path temporary = installRoot.resolve(".current-" + FileTrees.randomSuffix());
        // Relative, so that the install root can be moved or mounted elsewhere.
        Files.createSymbolicLink(temporary, installRoot.relativize(versionFolder));
        try {
            Files.move(temporary, installRoot.resolve(NAME),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        FileTrees.fsyncDirectory(installRoot);
    }

    /** Puts {@code current} back where it was: to {@code previous}, or removes it when nothing was installed. */
    static void restore(Path installRoot, Optional<Path> previous) throws IOException {
        if (previous.isPresent()) {
            pointTo(installRoot, previous.get());
        } else {
            Files.deleteIfExists(installRoot.resolve(NAME));
            FileTrees.fsyncDirectory(installRoot);
        }
    }

    private static void deleteDeadTemporaries(Path installRoot) throws IOException {
        try (Stream<Path> children = Files.list(installRoot)) {
            for (Path child : children.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(child);
            }
        }
    }
}
