package org.releasegate.installation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.releasegate.command.ChildProcess;

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
        ChildProcess.Outcome outcome = ChildProcess.start(List.of("sh", script.toString()),
                Map.of(DATA_DIR_VARIABLE, dataDir.toString(), INSTALL_DIR_VARIABLE, versionFolder.toString()),
                versionFolder, log).await(timeout);
        if (outcome.timedOut()) {
            appendToLog(log, "# killed after " + timeout);
            throw new MigrationFailedException("migration script " + script + " did not finish within " + timeout
                    + "; last lines of " + log + ":\n" + ChildProcesses.tail(log));
        }
        appendToLog(log, "# exit code " + outcome.exitCode());
        if (outcome.exitCode() != 0) {
            throw new MigrationFailedException("migration script " + script + " failed with exit code "
                    + outcome.exitCode() + "; last lines of " + log + ":\n" + ChildProcesses.tail(log));
        }
    }

    private static void appendToLog(Path log, String line) throws IOException {
        Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
