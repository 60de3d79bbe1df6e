package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.releasegate.command.ChildProcess;
import org.releasegate.files.FileTrees;

/**
 * Forces a staged folder to disk before it is renamed into place, with one flush of its file system where the system
 * has one: on Linux {@code sync -f <folder>} (coreutils' {@code syncfs(2)}), which writes back every dirty page and
 * the journal of that file system at once and, since Linux 5.8, fails when a write-back failed. Thousands of files
 * then cost one call rather than one fsync each (a superset of what per-file fsyncs guarantee: the folder's files and
 * directories are among what is written back). Elsewhere, or when that command is missing or refuses, every file and
 * folder is forced one by one ({@link FileTrees#fsyncRecursively}), as before.
 */
final class FileSystemFlush {

    private static final System.Logger LOG = System.getLogger(FileSystemFlush.class.getName());
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static volatile boolean syncCommand = LINUX;

    private FileSystemFlush() {
    }

    static void flush(Path folder) throws IOException {
        if (syncCommand && syncFileSystem(folder)) {
            return;
        }
        FileTrees.fsyncRecursively(folder);
    }

    /** @return whether {@code sync -f} flushed the folder's file system; false when it cannot be used here */
    private static boolean syncFileSystem(Path folder) throws IOException {
        ChildProcess.Result sync;
        try {
            // Through ChildProcess: sync gets PATH, HOME, LANG and TZ only, never this JVM's passwords.
            sync = ChildProcess.run(List.of("sync", "-f", folder.toString()), Map.of(), null, TIMEOUT, 4000);
        } catch (InterruptedIOException e) {
            throw new InterruptedIOException("interrupted while " + folder + " was forced to disk");
        } catch (IOException e) {
            LOG.log(Level.INFO, "no sync command (" + e.getMessage() + "): staged copies are forced file by file");
            syncCommand = false;
            return false;
        }
        if (sync.outcome().timedOut()) {
            throw new IOException("sync -f " + folder + " did not end within " + TIMEOUT);
        }
        if (sync.outcome().exitCode() != 0) {
            // An old coreutils without -f, or a failed write-back: forcing file by file says which.
            LOG.log(Level.WARNING, "sync -f " + folder + " ended with " + sync.outcome().exitCode() + " ("
                    + sync.output().strip() + "): forcing its files one by one");
            return false;
        }
        return true;
    }
}
