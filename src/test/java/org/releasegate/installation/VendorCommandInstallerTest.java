package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.command.ChildChecks.running;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.files.FolderDigest;

/** Command mode with real processes: small shell scripts in a temporary folder play the vendor's installer. */
class VendorCommandInstallerTest {

    /**
     * A vendor installer as they come: options, chatter on stdout and stderr, installs the version its package
     * names into {@code --target}, with a program that prints the installed version. Runs again over its own
     * install without complaint (mkdir -p, overwrite).
     */
    private static final String SETUP = """
            #!/bin/sh
            set -e
            while [ $# -gt 0 ]; do
              case "$1" in
                --silent) shift ;;
                --target) target="$2"; shift 2 ;;
                --package) package="$2"; shift 2 ;;
                *) echo "unknown option $1" >&2; exit 64 ;;
              esac
            done
            version=$(sed -n 's/^version=//p' "$package")
            echo "Gestan setup: installing $version into $target"
            echo "environment: $RELEASEGATE_VERSION $RELEASEGATE_INSTALL_ROOT $RELEASEGATE_PACKAGE $RELEASEGATE_TASK_ID"
            echo "a warning on stderr" >&2
            mkdir -p "$target/app/bin"
            printf '#!/bin/sh\\necho "Gestan ERP %s (build 42)"\\n' "$version" > "$target/app/bin/erp"
            chmod +x "$target/app/bin/erp"
            echo "$version" > "$target/app/VERSION"
            echo "runs: $(( $(cat "$target/app/runs" 2>/dev/null || echo 0) + 1 ))" > "$target/app/runs.tmp"
            sed 's/runs: //' "$target/app/runs.tmp" > "$target/app/runs"
            echo "Gestan setup: done"
            """;

    @TempDir
    Path dir;

    private Path installRoot;
    private Path setup;
    private Path package11;

    @BeforeEach
    void createVendorInstaller() throws IOException {
        installRoot = dir.resolve("erp");
        setup = script("vendor/setup.sh", SETUP);
        package11 = Files.writeString(Files.createDirectories(dir.resolve("inbox")).resolve("gestan-1.1.pkg"),
                "product=gestan\nversion=1.1\n");
    }

    @Test
    void successfulInstallKeepsItsLogAndChecksTheInstalledVersion() throws IOException {
        VendorCommandInstaller installer = installer(settings(List.of("--silent", "--target", "${installRoot}",
                "--package", "${package}")));

        InstallResult result = installer.install(request(package11, "1.1", null, "task-1"));

        Path log = installRoot.resolve("logs/install-1.1-task-1.log");
        assertThat(result.version()).isEqualTo("1.1");
        assertThat(result.installedFolder()).isEqualTo(installRoot);
        assertThat(result.previousFolder()).isEmpty();
        assertThat(result.packageSha256()).isEqualTo(FolderDigest.sha256(package11));
        assertThat(result.logFile()).contains(log);
        assertThat(log).content()
                .contains("Gestan setup: installing 1.1 into " + installRoot)
                .contains("environment: 1.1 " + installRoot + " " + package11 + " task-1")
                .contains("a warning on stderr")
                .contains("# exit code 0")
                .contains("# installed version: $ " + installRoot + "/app/bin/erp --version → 1.1");
        assertThat(installer.installedVersion(installRoot)).contains("1.1");
        assertThat(installRoot.resolve("logs/" + InstallerLock.FILE_NAME)).isEmptyFile();
    }

    @Test
    void versionFileIsAnAlternativeToTheVersionCommand() throws IOException {
        VendorCommandInstaller installer = installer(new InstallerSettings(InstallerMode.COMMAND,
                List.of(setup.toString(), "--target", "${installRoot}", "--package", "${package}"),
                Duration.ofSeconds(30), null, "app/VERSION", null, null));

        assertThat(installer.install(request(package11, "1.1", null, "task-1")).version()).isEqualTo("1.1");
        assertThat(installer.installedVersion(installRoot)).contains("1.1");
        assertThat(installer.installedVersion(dir.resolve("nothing-installed-here"))).isEmpty();
    }

    @Test
    void placeholdersAreSubstitutedAndArgumentsReachTheProgramAsTheyAreWithoutAShell() throws IOException {
        Path echo = script("vendor/echo-args.sh", """
                #!/bin/sh
                for argument in "$@"; do echo "argument: [$argument]"; done
                mkdir -p "$RELEASEGATE_INSTALL_ROOT/app" && echo "$RELEASEGATE_VERSION" > "$RELEASEGATE_INSTALL_ROOT/app/VERSION"
                """);
        VendorCommandInstaller installer = installer(new InstallerSettings(InstallerMode.COMMAND,
                List.of(echo.toString(), "--target=${installRoot}/app", "${package}", "${version}", "${taskId}",
                        "${dataDir}", "two words; $(touch pwned) `touch pwned` > pwned", "$HOME", "${ not a placeholder"),
                Duration.ofSeconds(30), null, "app/VERSION", null, null));
        Path data = Files.createDirectories(dir.resolve("erp-data"));

        InstallResult result = installer.install(new InstallRequest(package11, installRoot, "1.1", null, data, "42"));

        assertThat(result.logFile().orElseThrow()).content().contains(String.join("\n",
                "argument: [--target=" + installRoot + "/app]",
                "argument: [" + package11 + "]",
                "argument: [1.1]",
                "argument: [42]",
                "argument: [" + data + "]",
                "argument: [two words; $(touch pwned) `touch pwned` > pwned]",
                "argument: [$HOME]",
                "argument: [${ not a placeholder]"));
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).doesNotContain("pwned");
        }
    }

    @Test
    void failingInstallerIsRejectedWithItsExitCodeAndTheLastLinesOfItsLog() throws IOException {
        Path failing = script("vendor/failing.sh", """
                #!/bin/sh
                i=1
                while [ $i -le 40 ]; do echo "step $i of the install"; i=$((i + 1)); done
                echo "ERROR: table INVOICES is locked by another session" >&2
                exit 3
                """);
        VendorCommandInstaller installer = installer(settings(failing, List.of()));

        assertThatThrownBy(() -> installer.install(request(package11, "1.1", null, "task-7")))
                .isInstanceOf(VendorInstallerFailedException.class)
                .hasMessageStartingWith("Le programme d'installation de l'éditeur s'est arrêté en erreur (code de "
                        + "sortie 3) : il a pu modifier les fichiers et les données de l'environnement avant de "
                        + "s'arrêter. Dernières lignes de son journal (logs/install-1.1-task-7.log) :\n")
                .hasMessageNotContaining(dir.toString())
                .hasMessageContaining("step 40 of the install")
                .hasMessageContaining("ERROR: table INVOICES is locked by another session")
                .hasMessageNotContaining("step 3 of the install\n")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .as("the server's log has the command and the log's place")
                .contains(failing.toString(), "failed with exit code 3", installRoot.resolve("logs/install-1.1-task-7.log")
                        .toString());
        assertThat(installRoot.resolve("logs/install-1.1-task-7.log")).content()
                .contains("step 1 of the install\n").contains("# exit code 3");
    }

    @Test
    void installerThatOutlivesItsTimeoutIsKilledWithItsChildren() throws IOException {
        Path hanging = script("vendor/hanging.sh", """
                #!/bin/sh
                echo $$ > "$RELEASEGATE_INSTALL_ROOT/installer.pid"
                sleep 300 &
                echo $! > "$RELEASEGATE_INSTALL_ROOT/child.pid"
                echo "waiting for the license server"
                wait
                """);
        VendorCommandInstaller installer = installer(new InstallerSettings(InstallerMode.COMMAND,
                List.of(hanging.toString()), Duration.ofSeconds(5), null, "app/VERSION", null, null));
        long start = System.nanoTime();

        assertThatThrownBy(() -> installer.install(request(package11, "1.1", null, "task-9")))
                .isInstanceOf(VendorInstallerFailedException.class)
                .hasMessageStartingWith("Le programme d'installation de l'éditeur ne s'est pas terminé en 5 s : il a été "
                        + "arrêté, avec ses 1 processus enfants, et a pu modifier les fichiers et les données de "
                        + "l'environnement. Dernières lignes de son journal (logs/install-1.1-task-9.log) :\n")
                .hasMessageContaining("waiting for the license server")
                .hasMessageNotContaining(dir.toString()).hasMessageNotContaining("PT5S")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .contains("did not finish within PT5S (releasegate.environments.test.installer.timeout)");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(running(pidIn(installRoot.resolve("installer.pid")))).isFalse();
        assertThat(running(pidIn(installRoot.resolve("child.pid")))).isFalse();
        assertThat(installRoot.resolve("logs/install-1.1-task-9.log")).content().contains("killed with its 1 child");
    }

    @Test
    void installerThatLeavesAnotherVersionIsRejected() throws IOException {
        Path package10 = Files.writeString(dir.resolve("inbox/gestan-1.0.pkg"), "product=gestan\nversion=1.0\n");
        VendorCommandInstaller installer = installer(settings(List.of("--target", "${installRoot}", "--package",
                "${package}")));

        assertThatThrownBy(() -> installer.install(request(package10, "1.1", null, "task-2")))
                .isInstanceOf(VersionMismatchException.class)
                .hasMessage("Après le programme d'installation de l'éditeur, la version installée est 1.0 au lieu de "
                        + "1.1. Son journal : logs/install-1.1-task-2.log.")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .contains("installed version reads 1.0 ($ " + installRoot + "/app/bin/erp --version)");
        assertThat(installRoot.resolve("logs/install-1.1-task-2.log")).content()
                .contains("# installed version: $ " + installRoot + "/app/bin/erp --version → 1.0");
    }

    @Test
    void installerThatInstallsNothingReadableIsRejected() throws IOException {
        Path doesNothing = script("vendor/does-nothing.sh", "#!/bin/sh\necho 'nothing to do'\n");

        assertThatThrownBy(() -> installer(settings(doesNothing, List.of()))
                .install(request(package11, "1.1", null, "task-3")))
                .isInstanceOf(VersionMismatchException.class)
                .hasMessage("Après le programme d'installation de l'éditeur, la version installée est aucune au lieu de "
                        + "1.1. Son journal : logs/install-1.1-task-3.log.")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .contains("no version reads as installed (program " + installRoot
                        + "/app/bin/erp does not exist); release expects 1.1");

        script(installRoot.resolve("app/bin/erp"), "#!/bin/sh\necho 'usage: erp'\n");
        assertThatThrownBy(() -> installer(settings(doesNothing, List.of()))
                .install(request(package11, "1.1", null, "task-4")))
                .isInstanceOf(VersionMismatchException.class)
                .hasMessage("Le programme d'installation de l'éditeur s'est terminé, mais la version installée ne se "
                        + "lit pas ; la mise en production attend la version 1.1. Son journal : "
                        + "logs/install-1.1-task-4.log.")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .contains("version-pattern Gestan ERP (\\S+) finds no version", "usage: erp");
    }

    @Test
    void packageOfOtherBytesThanTheTestedOnesIsRejectedBeforeTheInstallerRuns() throws IOException {
        String tested = "0".repeat(64);

        assertThatThrownBy(() -> installer(settings(List.of("--target", "${installRoot}", "--package", "${package}")))
                .install(request(package11, "1.1", tested, "task-5")))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("Le paquet « gestan-1.1.pkg » n'est pas celui de cette mise en production (SHA-256 "
                        + FolderDigest.sha256(package11) + ", attendu : " + tested + "). Rien n'a été installé.");

        assertThat(installRoot).doesNotExist();
    }

    @Test
    void missingInstallerProgramIsAConfigurationErrorAndNothingRuns() throws IOException {
        VendorCommandInstaller installer = installer(settings(List.of("--target", "${installRoot}", "--package",
                "${package}")));
        Files.delete(setup);

        assertThatThrownBy(() -> installer.install(request(package11, "1.1", null, "task-6")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("releasegate.environments.test.installer.command: program " + setup + " does not exist");
        assertThat(installRoot.resolve("logs")).isEmptyDirectory();
    }

    @Test
    void rerunOfTheSameTaskKillsTheInstallerADeadAttemptLeftRunningThenRunsAgain() throws Exception {
        // What a JVM killed during an install leaves behind: the installer still running, recorded in the lock file,
        // and the beginning of the task's log.
        Path log = Files.writeString(Files.createDirectories(installRoot.resolve("logs")).resolve("install-1.1-task-1.log"),
                "Gestan setup: installing 1.1 (attempt that died)\n");
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 300 & echo $! > '" + dir.resolve("orphan-child.pid")
                + "'; wait").start();
        await(() -> Files.exists(dir.resolve("orphan-child.pid")) && Files.size(dir.resolve("orphan-child.pid")) > 0);
        Files.writeString(installRoot.resolve("logs/" + InstallerLock.FILE_NAME), "pid=" + orphan.pid() + "\nstart="
                + orphan.info().startInstant().orElseThrow() + "\ntask=task-1\n");
        VendorCommandInstaller installer = installer(settings(List.of("--target", "${installRoot}", "--package",
                "${package}")));
        installer.install(request(package11, "1.1", null, "task-1"));

        InstallResult again = installer.install(request(package11, "1.1", null, "task-1"));

        assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(running(pidIn(dir.resolve("orphan-child.pid")))).isFalse();
        assertThat(again.version()).isEqualTo("1.1");
        assertThat(installRoot.resolve("app/runs")).hasContent("2");
        String content = Files.readString(log);
        assertThat(content).startsWith("Gestan setup: installing 1.1 (attempt that died)")
                .contains("killed the installer left running by an earlier attempt (process " + orphan.pid()
                        + " of task task-1")
                .contains("this task ran the installer before and did not complete: running it again");
        assertThat(content.split("# exit code 0", -1)).hasSize(3);
    }

    @Test
    void secondInstallOnTheSameRootWaitsForTheRunningOne() throws IOException {
        VendorCommandInstaller installer = installer(settings(List.of("--target", "${installRoot}", "--package",
                "${package}")));
        try (InstallerLock running = InstallerLock.acquire(Files.createDirectories(installRoot.resolve("logs")))) {
            assertThatThrownBy(() -> installer.install(request(package11, "1.1", null, "task-8")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Another install is running on " + installRoot);
        }
        assertThat(installRoot.resolve("app")).doesNotExist();

        assertThat(installer.install(request(package11, "1.1", null, "task-8")).version()).isEqualTo("1.1");
    }

    private InstallerSettings settings(List<String> arguments) {
        return settings(setup, arguments);
    }

    private InstallerSettings settings(Path program, List<String> arguments) {
        List<String> command = Stream.concat(Stream.of(program.toString()), arguments.stream()).toList();
        return new InstallerSettings(InstallerMode.COMMAND, command, Duration.ofSeconds(30),
                List.of("${installRoot}/app/bin/erp", "--version"), null, "Gestan ERP (\\S+)", null);
    }

    private static VendorCommandInstaller installer(InstallerSettings settings) {
        return new VendorCommandInstaller("test", settings,
                Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC));
    }

    private InstallRequest request(Path pkg, String version, String sha256, String taskId) {
        return new InstallRequest(pkg, installRoot, version, sha256, null, taskId);
    }

    private Path script(String name, String body) throws IOException {
        return script(dir.resolve(name), body);
    }

    private static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static long pidIn(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }


    private interface Condition {
        boolean holds() throws IOException;
    }

    /** Polls {@code condition} every 50 ms for at most 60 s, then asserts it holds. */
    private static void await(Condition condition) throws IOException {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .pollInSameThread().until(condition::holds);
        } catch (ConditionTimeoutException e) {
            assertThat(condition.holds()).isTrue();
        }
    }
}
