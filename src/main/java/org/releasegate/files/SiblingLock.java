package org.releasegate.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * An exclusive lock on a file that is read, changed and replaced, held between the threads of this JVM and between
 * processes — two engine nodes sharing the folder: an OS lock on the hidden sibling {@code .<name>.lock}. The OS drops
 * it when its process dies; a file system shared between hosts must honour locks across them (NFSv4 does).
 */
public final class SiblingLock implements AutoCloseable {

    /** The OS lock belongs to the JVM, not to a thread: threads of one JVM queue here first. */
    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private SiblingLock(Path lockFile, Semaphore local, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits until the lock of {@code file} is free, and takes it; any thread may close it. */
    public static SiblingLock acquire(Path file) throws IOException {
        Path lockFile = lockFileOf(file);
        Semaphore local = IN_THIS_JVM.computeIfAbsent(lockFile, path -> new Semaphore(1));
        local.acquireUninterruptibly();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new SiblingLock(lockFile, local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.release();
            throw e;
        }
    }

    static Path lockFileOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    }

    /** Closing the channel drops the OS lock even if releasing it failed. */
    @Override
    public void close() {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Releasing the lock " + lockFile + ": " + e, e);
        } finally {
            local.release();
        }
    }
}
