package org.releasegate.installation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a package's migration script with {@code sh}, its output captured in a log file. */
final class MigrationRunner {

    static final String DATA_DIR_VARIABLE = "RELEASEGATE_DATA_DIR";
    static final String INSTALL_DIR_VARIABLE = "RELEASEGATE_INSTALL_DIR";

    private final Duration timeout;

    MigrationRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @throws MigrationFailedException when the script exits with a non-zero code or outlives the timeout
     */
    void run(Path script, Path versionFolder, Path dataDir, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "# sh " + script + "\n# working directory " + versionFolder + "\n# "
                + DATA_DIR_VARIABLE + "=" + dataDir + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString())
                .directory(versionFolder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(DATA_DIR_VARIABLE, dataDir.toString());
        builder.environment().put(INSTALL_DIR_VARIABLE, versionFolder.toString());
        Process process = builder.start();
        process.getOutputStream().close(); // a script that reads its input gets end-of-file, not a hang
        if (!waitFor(process)) {
            kill(process);
            appendToLog(log, "# killed after " + timeout);
            throw new MigrationFailedException("migration script " + script + " did not finish within " + timeout
                    + "; last lines of " + log + ":\n" + ChildProcesses.tail(log));
        }
        int exitCode = process.exitValue();
        appendToLog(log, "# exit code " + exitCode);
        if (exitCode != 0) {
            throw new MigrationFailedException("migration script " + script + " failed with exit code " + exitCode
                    + "; last lines of " + log + ":\n" + ChildProcesses.tail(log));
        }
    }

    private boolean waitFor(Process process) throws InterruptedIOException {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the migration script ran");
        }
    }

    private static void kill(Process process) {
        ChildProcesses.killTree(process.toHandle());
    }

    private static void appendToLog(Path log, String line) throws IOException {
        Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
