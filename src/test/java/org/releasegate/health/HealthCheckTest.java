package org.releasegate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.command.ChildChecks.pidIn;
import static org.releasegate.command.ChildChecks.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.command.ChildChecks;
import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;

/** The health command, run for real in an installed version's folder. */
class HealthCheckTest {

    @TempDir
    Path dir;

    private Path installed;
    private Path data;
    private final HealthCheck healthCheck = new HealthCheck();

    @BeforeEach
    void folders() throws IOException {
        installed = Files.createDirectories(dir.resolve("erp/current"));
        data = Files.createDirectories(dir.resolve("erp-data"));
    }

    @Test
    void healthCommandSeesItsFoldersAndNoSecretOfTheApplication() throws InterruptedException {
        HealthCheck.Report report = healthCheck.run(command(Duration.ofSeconds(60), "env"), inCurrent(), data);

        assertThat(report.healthy()).isTrue();
        assertThat(report.output()).startsWith("$ env → code de sortie 0\n")
                .contains("RELEASEGATE_INSTALL_DIR=" + installed + "\n")
                .contains("RELEASEGATE_DATA_DIR=" + data + "\n");
        ChildChecks.assertSawOnly(report.output(), Set.of("RELEASEGATE_INSTALL_DIR", "RELEASEGATE_DATA_DIR"));
    }

    @Test
    void healthCommandThatReadsItsInputGetsEndOfFileInsteadOfHangingUntilItsTimeout() throws InterruptedException {
        HealthCheck.Report report = healthCheck.run(command(Duration.ofSeconds(10), "sh", "-c", "cat; echo 'up'"),
                inCurrent(), null);

        assertThat(report.healthy()).isTrue();
        assertThat(report.output()).isEqualTo("$ sh -c cat; echo 'up' → code de sortie 0\nup\n");
    }

    @Test
    void healthCommandThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        HealthCheck.Report report = healthCheck.run(command(Duration.ofSeconds(3), "sh", "-c",
                "echo 'waiting for the database'; sleep 300 & echo $! > child.pid; wait"), inCurrent(), null);

        assertThat(report.healthy()).isFalse();
        assertThat(report.output()).startsWith("Le contrôle de santé « sh -c ").contains("n'a pas répondu en 3 s")
                .contains("waiting for the database");
        assertThat(running(pidIn(installed.resolve("child.pid")))).as("the health command's child sleep 300").isFalse();
    }

    @Test
    void healthCommandWhoseProgramCannotBeStartedIsUnhealthyAndTheReportNamesNoFolderOfTheServer()
            throws InterruptedException {
        HealthCheck.Report report = healthCheck.run(command(Duration.ofSeconds(10), "bin/absent.sh"), inCurrent(), null);

        assertThat(report.healthy()).isFalse();
        assertThat(report.output()).isEqualTo("Le contrôle de santé « bin/absent.sh » n'a pas pu être lancé : programme"
                + " introuvable ou non exécutable (détail dans le journal de Release Gate).");
    }

    @Test
    void theReportNamesTheProgramByItsFileNameNeverByItsPlaceOnTheServer() throws Exception {
        Path program = Files.writeString(dir.resolve("check-gestan.sh"), "#!/bin/sh\necho 'Gestan répond'\n");
        program.toFile().setExecutable(true);

        HealthCheck.Report report = healthCheck.run(command(Duration.ofSeconds(10), program.toString(), "--quick"),
                inCurrent(), null);

        assertThat(report.healthy()).isTrue();
        assertThat(report.output()).isEqualTo("$ check-gestan.sh --quick → code de sortie 0\nGestan répond\n")
                .doesNotContain(dir.toString());
    }

    @Test
    void aUrlThatDoesNotAnswerSaysSoWithoutAClassNameOrTheLibrarysEnglish() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HealthCheck.Report report = healthCheck.run(new HealthCheckSettings(null,
                java.net.URI.create("http://127.0.0.1:" + closedPort + "/sante"), Duration.ofSeconds(5), null),
                inCurrent(), null);

        assertThat(report.healthy()).isFalse();
        assertThat(report.output()).isEqualTo("GET http://127.0.0.1:" + closedPort + "/sante → pas de réponse (détail "
                + "dans le journal de Release Gate)").doesNotContain("Exception");
    }

    private HealthCheckFolders inCurrent() {
        return new HealthCheckFolders(installed, installed, false);
    }

    private static HealthCheckSettings command(Duration timeout, String... command) {
        return new HealthCheckSettings(List.of(command), null, timeout, null);
    }
}
