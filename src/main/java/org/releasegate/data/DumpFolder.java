package org.releasegate.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.releasegate.files.FileTrees;

/**
 * Where a copy is dumped on its way ({@code .rg-dump-<database>-<hex>} in the work folder), deleted when closed. A
 * crash leaves it behind, so each new one deletes the leftovers of the same database first — but only those nobody
 * holds: each is locked (its {@code .lock} file) while in use, so that another Release Gate on the machine (a second
 * engine node, an agent, another build) copying a database of the same name keeps its dump.
 */
final class DumpFolder implements AutoCloseable {

    private static final String LOCK = ".lock";

    private final Path path;
    private final Path lockFile;
    private final FileChannel lockChannel;

    private DumpFolder(Path path, Path lockFile, FileChannel lockChannel) {
        this.path = path;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
    }

    /** @param workDir the configured work folder, or null for the temporary folder */
    static DumpFolder create(Path workDir, String database) throws IOException {
        Path folder = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(folder);
        String prefix = ".rg-dump-" + database + "-";
        deleteLeftovers(folder, prefix);
        Path path = folder.resolve(prefix + FileTrees.randomSuffix());
        Path lockFile = path.resolveSibling(path.getFileName() + LOCK);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(lockFile);
            throw e;
        }
        return new DumpFolder(path, lockFile, channel);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            FileTrees.deleteRecursively(path);
        } finally {
            lockChannel.close();
            Files.deleteIfExists(lockFile);
        }
    }

    private static void deleteLeftovers(Path folder, String prefix) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote(prefix) + "[0-9a-f]{16}");
        try (var children = Files.list(folder)) {
            for (Path dead : children.filter(p -> leftover.matcher(p.getFileName().toString()).matches()).toList()) {
                Path lockFile = dead.resolveSibling(dead.getFileName() + LOCK);
                if (heldByAnother(lockFile)) {
                    continue;
                }
                FileTrees.deleteRecursively(dead);
                Files.deleteIfExists(lockFile);
            }
        }
    }

    /** A lock file another process (or another copy in this one) still holds; a missing one is held by nobody. */
    private static boolean heldByAnother(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException inThisJvm) {
            return true;
        }
    }
}
