package org.releasegate.installation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.releasegate.command.ChildProcess;

/**
 * One vendor installer at a time per install root, and none left over from a dead attempt.
 * <p>
 * The lock is an OS file lock on {@code logs/vendor-installer.pid}, which the OS drops when its JVM dies; the file
 * records the installer process that runs under it. A JVM killed during an install leaves that process running
 * (it is not the JVM's thread): whoever takes the lock next finds it recorded, still alive, and kills its tree
 * before running the installer again.
 */
final class InstallerLock implements AutoCloseable {

    static final String FILE_NAME = "vendor-installer.pid";

    private final FileChannel channel;
    private final FileLock lock;

    private InstallerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException when another attempt, in this JVM or another one, holds the lock: it is
     *                               running now, and this one must wait for its end (the step is retried)
     */
    static InstallerLock acquire(Path logs) throws IOException {
        Path file = logs.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String running = read(channel).map(Recorded::describe).orElse("");
            channel.close();
            throw new IllegalStateException("Another install is running on " + logs.getParent() + " " + running
                    + "; this one runs when it has ended");
        }
        return new InstallerLock(channel, lock);
    }

    /**
     * Kills the installer a dead attempt left running, if any.
     *
     * @return what was killed, for the log
     */
    Optional<String> stopLeftover() throws IOException {
        Optional<Recorded> recorded = read(channel);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(recorded.get().pid()).filter(ProcessHandle::isAlive)
                // The same pid with another start time is an unrelated process that reused the number.
                .filter(p -> p.info().startInstant().map(recorded.get().start()::equals).orElse(false));
        if (process.isEmpty()) {
            return Optional.empty();
        }
        int children = ChildProcess.killTree(process.get());
        return Optional.of("killed the installer left running by an earlier attempt " + recorded.get().describe()
                + " and its " + children + " child process(es)");
    }

    /** Records the installer now running under this lock. */
    void record(ProcessHandle process, String taskKey) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(process.pid()));
        properties.setProperty("start", process.info().startInstant().map(Instant::toString).orElse(""));
        properties.setProperty("task", taskKey);
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    /** Forgets the installer (it has ended or was killed) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            channel.force(true);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static Optional<Recorded> read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // reads from the start, whatever the channel's position
        }
        Properties properties = new Properties();
        properties.load(new StringReader(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
        try {
            return Optional.of(new Recorded(Long.parseLong(properties.getProperty("pid", "")),
                    Instant.parse(properties.getProperty("start", "")), properties.getProperty("task", "?")));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private record Recorded(long pid, Instant start, String task) {

        String describe() {
            return "(process " + pid + " of task " + task + ", started " + start + ")";
        }
    }
}
