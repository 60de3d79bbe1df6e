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
import org.releasegate.message.Durations;
import org.releasegate.message.Messages;

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
            throw new MigrationFailedException(ChildProcesses.withTail(Messages.text("installation.migration.timeout",
                    scriptName(script, versionFolder), Durations.words(timeout), logName(log)),
                    ChildProcesses.tailForPeople(log, versionFolder, dataDir)),
                    "migration script " + script + " did not finish within " + timeout + "; log " + log);
        }
        appendToLog(log, "# exit code " + outcome.exitCode());
        if (outcome.exitCode() != 0) {
            throw new MigrationFailedException(ChildProcesses.withTail(Messages.text("installation.migration.failed",
                    scriptName(script, versionFolder), outcome.exitCode(), logName(log)),
                    ChildProcesses.tailForPeople(log, versionFolder, dataDir)),
                    "migration script " + script + " failed with exit code " + outcome.exitCode() + "; log " + log);
        }
    }

    /** The script as the package names it ({@code migrate/run.sh}), never where it was unpacked. */
    private static String scriptName(Path script, Path versionFolder) {
        return script.startsWith(versionFolder) ? versionFolder.relativize(script).toString().replace('\\', '/')
                : String.valueOf(script.getFileName());
    }

    /** The log as people may name it: its folder and name ({@code logs/migrate-….log}), not its server path. */
    static String logName(Path log) {
        Path folder = log.getParent() == null ? null : log.getParent().getFileName();
        return (folder == null ? "" : folder + "/") + log.getFileName();
    }

    private static void appendToLog(Path log, String line) throws IOException {
        Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
