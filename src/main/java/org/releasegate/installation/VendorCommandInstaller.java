package org.releasegate.installation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.releasegate.command.ChildProcess;
import org.releasegate.command.Executables;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Durations;
import org.releasegate.message.Messages;

/**
 * Command mode: runs the vendor's own installer program (no shell, arguments as configured, placeholders
 * filled), keeps its combined output in {@code installRoot/logs/install-<version>-<task>.log}, kills its whole
 * process tree when it outlives the timeout, then checks the installed version with the version command or file.
 * <p>
 * Re-delivered task: the same task id appends to the same log and runs the installer again from the start, after
 * killing an installer a dead attempt left running (see {@link InstallerLock}). The vendor's installer must
 * therefore accept to run again over a partial or complete install of the same version.
 */
public final class VendorCommandInstaller implements InstallMethod {

    static final String LOGS = Installer.LOGS;

    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final String environment;
    private final InstallerSettings settings;
    private final Clock clock;
    private final InstalledVersionReader versionReader;

    /**
     * @param environment the environment's name, to name its settings in error messages
     * @param settings    valid command-mode settings ({@link InstallerSettings#problems} empty)
     */
    public VendorCommandInstaller(String environment, InstallerSettings settings, Clock clock) {
        if (settings.mode() != InstallerMode.COMMAND) {
            throw new IllegalArgumentException(InstallerSettings.prefix(environment) + " is not in command mode");
        }
        List<String> problems = settings.problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        this.environment = environment;
        this.settings = settings;
        this.clock = clock;
        this.versionReader = new InstalledVersionReader(settings);
    }

    /**
     * @throws ChecksumMismatchException     when the installer file is not the tested bytes; nothing was run
     * @throws VendorInstallerFailedException when the installer exits with a non-zero code or outlives its timeout
     * @throws VersionMismatchException       when the version installed afterwards is not the expected one, or
     *                                        cannot be read
     * @throws IllegalStateException          for a configuration error (missing program or working directory),
     *                                        or while another install runs on this install root
     */
    @Override
    public InstallResult install(InstallRequest request) throws IOException {
        Path installRoot = request.installRoot().toAbsolutePath().normalize();
        Path packageFile = request.packageFile().toAbsolutePath().normalize();
        String sha256 = FolderDigest.sha256(packageFile);
        if (request.expectedSha256() != null && !request.expectedSha256().equals(sha256)) {
            throw new ChecksumMismatchException(Messages.text("installation.other-bytes", packageFile.getFileName(),
                    sha256, request.expectedSha256()), "installer " + packageFile + " has sha256 " + sha256
                    + ", the release expects " + request.expectedSha256());
        }
        String taskKey = request.taskId() != null ? request.taskId() : LOG_TIME.format(clock.instant());
        Map<String, String> values = new HashMap<>();
        values.put(Placeholders.PACKAGE, packageFile.toString());
        values.put(Placeholders.INSTALL_ROOT, installRoot.toString());
        values.put(Placeholders.VERSION, request.expectedVersion());
        values.put(Placeholders.TASK_ID, taskKey);
        if (request.dataFolder() != null) {
            values.put(Placeholders.DATA_DIR, request.dataFolder().toAbsolutePath().normalize().toString());
        }
        Placeholders placeholders = Placeholders.of(values);

        Path logs = Files.createDirectories(installRoot.resolve(LOGS));
        Path workingDirectory = workingDirectory(installRoot);
        List<String> command = command(placeholders, workingDirectory);
        Map<String, String> variables = variables(values);
        Path log = logs.resolve("install-" + fileNamePart(request.expectedVersion()) + "-" + fileNamePart(taskKey) + ".log");

        int exitCode = run(command, workingDirectory, variables, log, taskKey);
        if (exitCode != 0) {
            throw new VendorInstallerFailedException(ChildProcesses.withTail(Messages.text("installation.vendor.failed",
                    exitCode, logName(log)), ChildProcesses.tailForPeople(log, workingDirectory, installRoot)),
                    "vendor installer " + String.join(" ", command)
                    + " failed with exit code " + exitCode + "; log " + log);
        }
        checkInstalledVersion(request.expectedVersion(), installRoot, workingDirectory, variables, log);
        return new InstallResult(request.expectedVersion(), installRoot, Optional.empty(), sha256, Optional.of(log));
    }

    @Override
    public Optional<String> installedVersion(Path installRoot) throws IOException {
        Path root = installRoot.toAbsolutePath().normalize();
        Path workingDirectory = workingDirectoryOf(root);
        if (!Files.isDirectory(workingDirectory)) {
            return Optional.empty();
        }
        return versionReader.read(root, workingDirectory, Map.of()).version();
    }

    /** The install root: the vendor decides where its files go below it, no {@code current} link is made. */
    @Override
    public Path installedFolder(Path installRoot) {
        return installRoot.toAbsolutePath().normalize();
    }

    /**
     * The installer's working directory (by default the install root): the version command, which like a health
     * command looks at the installed software outside an install, runs there too, so one folder serves both and a
     * company that moved it for its vendor's tools finds them there again.
     */
    @Override
    public Path commandFolder(Path installRoot) {
        return workingDirectoryOf(installRoot.toAbsolutePath().normalize());
    }

    /** Runs the installer under the install root's lock; its output goes to the log. */
    private int run(List<String> command, Path workingDirectory, Map<String, String> variables, Path log,
                    String taskKey) throws IOException {
        try (InstallerLock lock = InstallerLock.acquire(log.getParent())) {
            StringBuilder header = new StringBuilder();
            if (Files.exists(log)) {
                header.append("\n# this task ran the installer before and did not complete: running it again\n");
            }
            Optional<String> leftover = lock.stopLeftover();
            leftover.ifPresent(killed -> header.append("# ").append(killed).append('\n'));
            header.append("# ").append(clock.instant()).append(" task ").append(taskKey).append('\n')
                    .append("# $ ").append(String.join(" ", command)).append('\n')
                    .append("# working directory ").append(workingDirectory).append('\n');
            variables.forEach((name, value) -> header.append("# ").append(name).append('=').append(value).append('\n'));
            Files.writeString(log, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

            // Input from /dev/null: an installer that asks a question gets end-of-file, not a hang until the timeout.
            ChildProcess installer = ChildProcess.start(command, variables, workingDirectory, log);
            lock.record(installer.handle(), taskKey);
            ChildProcess.Outcome outcome;
            try {
                outcome = installer.await(settings.timeout());
            } catch (InterruptedIOException e) {
                appendToLog(log, "# " + e.getMessage());
                throw e;
            }
            if (outcome.timedOut()) {
                int children = outcome.killedDescendants();
                appendToLog(log, "# did not finish within " + settings.timeout() + ": killed with its " + children
                        + " child process(es)");
                throw new VendorInstallerFailedException(ChildProcesses.withTail(Messages.text(
                        "installation.vendor.timeout", Durations.words(settings.timeout()), children, logName(log)),
                        ChildProcesses.tailForPeople(log, workingDirectory, log.getParent().getParent())),
                        "vendor installer " + String.join(" ", command) + " did not finish within "
                        + settings.timeout() + " (" + InstallerSettings.prefix(environment) + ".timeout); log " + log);
            }
            appendToLog(log, "# exit code " + outcome.exitCode());
            return outcome.exitCode();
        }
    }

    private void checkInstalledVersion(String expected, Path installRoot, Path workingDirectory,
                                       Map<String, String> variables, Path log) throws IOException {
        InstalledVersionReader.Reading reading;
        try {
            reading = versionReader.read(installRoot, workingDirectory, variables);
        } catch (InstalledVersionReader.UnreadableVersionException e) {
            appendToLog(log, "# installed version unreadable: " + e.getMessage());
            throw new VersionMismatchException(Messages.text("installation.vendor.version-unreadable", expected,
                    logName(log)), "the installer ran, but the installed version cannot be read: " + e.getMessage()
                    + "; release expects " + expected + " (log: " + log + ")");
        }
        String read = reading.version().orElse(null);
        appendToLog(log, "# installed version: " + reading.source() + " → " + (read == null ? "nothing" : read));
        if (read == null) {
            throw new VersionMismatchException(Messages.text("installation.vendor.version-other",
                    Messages.text("installation.version-nothing"), expected, logName(log)),
                    "the installer ran, but no version reads as installed (" + reading.output() + "); release expects "
                    + expected + " (log: " + log + ")");
        }
        if (!read.equals(expected)) {
            throw new VersionMismatchException(Messages.text("installation.vendor.version-other", read, expected,
                    logName(log)), "installed version reads " + read + " (" + reading.source()
                    + ") after the installer ran, release expects " + expected + " (log: " + log + ")");
        }
    }

    /** The install root by default, created when missing; a configured working directory must exist. */
    private Path workingDirectory(Path installRoot) throws IOException {
        if (settings.workingDirectory() == null) {
            return Files.createDirectories(installRoot);
        }
        Path folder = workingDirectoryOf(installRoot);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(InstallerSettings.prefix(environment) + ".working-directory " + folder
                    + " is not a folder");
        }
        return folder;
    }

    private Path workingDirectoryOf(Path installRoot) {
        if (settings.workingDirectory() == null) {
            return installRoot;
        }
        Placeholders placeholders = Placeholders.of(Map.of(Placeholders.INSTALL_ROOT, installRoot.toString()));
        return installRoot.resolve(placeholders.substitute(settings.workingDirectory())).normalize();
    }

    private List<String> command(Placeholders placeholders, Path workingDirectory) {
        try {
            List<String> command = new ArrayList<>(settings.command().stream().map(placeholders::substitute).toList());
            command.set(0, Executables.resolve(command.get(0), workingDirectory).toString());
            return command;
        } catch (IllegalStateException e) {
            throw new IllegalStateException(InstallerSettings.prefix(environment) + ".command: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> variables(Map<String, String> values) {
        Map<String, String> variables = new TreeMap<>();
        variables.put("RELEASEGATE_PACKAGE", values.get(Placeholders.PACKAGE));
        variables.put("RELEASEGATE_INSTALL_ROOT", values.get(Placeholders.INSTALL_ROOT));
        variables.put("RELEASEGATE_VERSION", values.get(Placeholders.VERSION));
        variables.put("RELEASEGATE_TASK_ID", values.get(Placeholders.TASK_ID));
        if (values.containsKey(Placeholders.DATA_DIR)) {
            variables.put("RELEASEGATE_DATA_DIR", values.get(Placeholders.DATA_DIR));
        }
        return variables;
    }

    /** A version or task id as part of a file name: nothing that could leave the logs folder. */
    private static String fileNamePart(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void appendToLog(Path log, String line) throws IOException {
        Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The log as people may name it: relative to the install root ({@code logs/install-1.1-<task>.log}). */
    static String logName(Path log) {
        return LOGS + "/" + log.getFileName();
    }
}
