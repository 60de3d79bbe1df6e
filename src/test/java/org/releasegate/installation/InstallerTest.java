package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

class InstallerTest {

    private static final String MIGRATION = """
            set -e
            echo "migrating $RELEASEGATE_DATA_DIR"
            echo "migrated by $(basename "$RELEASEGATE_INSTALL_DIR")" >> "$RELEASEGATE_DATA_DIR/db.txt"
            echo "schema 2" > "$RELEASEGATE_DATA_DIR/schema.txt"
            """;

    @TempDir
    Path dir;

    private Path installRoot;
    private Path data;
    private final Installer installer =
            new Installer(Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void createEnvironment() throws IOException {
        installRoot = dir.resolve("erp");
        data = Files.createDirectories(dir.resolve("erp-data"));
        Files.writeString(data.resolve("db.txt"), "customers\n");
        Files.createDirectories(data.resolve("tables"));
        Files.writeString(data.resolve("tables/invoices.dat"), "invoice 1\n");
    }

    @Test
    void installSwitchesCurrentToTheNewVersionFolderAndReportsIt() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").file("bin/erp.sh", "echo 1")
                .writeZip(dir.resolve("v1.zip"));
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0").file("bin/erp.sh", "echo 2")
                .writeTarGz(dir.resolve("v2.tgz"));
        assertThat(installer.installedVersion(installRoot)).isEmpty();

        InstallResult first = installer.install(request(v1, "1.0.0", null, null));
        InstallResult second = installer.install(request(v2, "2.0.0", null, null));

        String sha12 = FolderDigest.sha256(v2).substring(0, 12);
        assertThat(second.version()).isEqualTo("2.0.0");
        assertThat(second.installedFolder()).isEqualTo(installRoot.resolve("versions/2.0.0-" + sha12));
        assertThat(second.previousFolder()).contains(first.installedFolder());
        assertThat(second.packageSha256()).isEqualTo(FolderDigest.sha256(v2));
        assertThat(second.logFile()).isEmpty();
        assertThat(first.previousFolder()).isEmpty();
        assertThat(Files.isSymbolicLink(installRoot.resolve("current"))).isTrue();
        assertThat(installRoot.resolve("current").toRealPath()).isEqualTo(second.installedFolder().toRealPath());
        assertThat(installRoot.resolve("current/bin/erp.sh")).hasContent("echo 2");
        assertThat(installer.installedVersion(installRoot)).contains("2.0.0");
        assertThat(children(installRoot.resolve("versions")))
                .containsExactlyInAnyOrder(first.installedFolder().getFileName().toString(), "2.0.0-" + sha12);
    }

    @Test
    void packageOfAnotherVersionIsRejectedAndNothingIsSwitched() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0").writeZip(dir.resolve("v2.zip"));
        installer.install(request(v1, "1.0.0", null, null));

        assertThatThrownBy(() -> installer.install(request(v2, "3.0.0", null, null)))
                .isInstanceOf(VersionMismatchException.class)
                .hasMessage("Le paquet « v2.zip » installe la version 2.0.0, la mise en production attend la version "
                        + "3.0.0. Rien n'a été installé.");

        assertThat(installer.installedVersion(installRoot)).contains("1.0.0");
        assertThat(children(installRoot.resolve("versions"))).hasSize(1);
    }

    @Test
    void packageWithAnotherChecksumIsRejectedBeforeAnythingIsWritten() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));
        String tested = "0".repeat(64);

        assertThatThrownBy(() -> installer.install(request(v1, "1.0.0", tested, null)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("Le paquet « v1.zip » n'est pas celui de cette mise en production (SHA-256 "
                        + FolderDigest.sha256(v1) + ", attendu : " + tested + "). Rien n'a été installé.");

        assertThat(installRoot).doesNotExist();
    }

    @Test
    void packageWithTheTestedChecksumInAnyCaseIsInstalled() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));

        installer.install(request(v1, "1.0.0", FolderDigest.sha256(v1).toUpperCase(), null));

        assertThat(installer.installedVersion(installRoot)).contains("1.0.0");
    }

    @Test
    void unsafePackageIsRejectedBeforeAnythingIsWritten() throws IOException {
        Path hostile = TestPackage.withDescriptor("erp", "1.0.0").file("../../evil.sh", "rm -rf /")
                .writeZip(dir.resolve("v1.zip"));

        assertThatThrownBy(() -> installer.install(request(hostile, "1.0.0", null, null)))
                .isInstanceOf(UnsafePackageException.class)
                .hasMessage("Le paquet contient « ../../evil.sh », un chemin qui remonte d'un dossier (« .. ») : il est "
                        + "refusé. Rien n'a été installé.");

        assertThat(installRoot).doesNotExist();
        assertThat(dir.resolve("evil.sh")).doesNotExist();
    }

    @Test
    void failingMigrationLeavesTheDataByteIdenticalAndCurrentUnchanged() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));
        installer.install(request(v1, "1.0.0", null, data));
        List<FileDigest> dataBefore = FolderDigest.of(data);
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh")
                .file("migrate.sh", MIGRATION + "echo 'table invoices is locked'\nexit 3\n")
                .writeTarGz(dir.resolve("v2.tar.gz"));

        assertThatThrownBy(() -> installer.install(request(v2, "2.0.0", null, data)))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageStartingWith("Le script de migration « migrate.sh » du paquet s'est arrêté en erreur (code "
                        + "de sortie 3) : les données et la version installée sont restées telles quelles. Dernières "
                        + "lignes de son journal (logs/install-2.0.0-20250601-080000")
                .hasMessageContaining(".log) :\n")
                .hasMessageContaining("table invoices is locked")
                .hasMessageNotContaining(dir.toString());

        assertThat(FolderDigest.of(data)).isEqualTo(dataBefore);
        assertThat(children(dir)).containsExactlyInAnyOrder("erp", "erp-data", "v1.zip", "v2.tar.gz");
        assertThat(installer.installedVersion(installRoot)).contains("1.0.0");
        assertThat(children(installRoot.resolve("logs"))).singleElement().asString()
                .startsWith("install-2.0.0-20250601-080000").endsWith(".log");
    }

    @Test
    void migrationThatOutlivesItsTimeoutIsStoppedAndRejected() throws IOException {
        Installer impatient = new Installer(Clock.systemUTC(), Duration.ofMillis(500), 1L << 30);
        List<FileDigest> dataBefore = FolderDigest.of(data);
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh")
                .file("migrate.sh", "echo started >> \"$RELEASEGATE_DATA_DIR/db.txt\"\nsleep 30\n")
                .writeZip(dir.resolve("v2.zip"));

        assertThatThrownBy(() -> impatient.install(request(v2, "2.0.0", null, data)))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageStartingWith("Le script de migration « migrate.sh » du paquet ne s'est pas terminé en 500 ms : "
                        + "il a été arrêté, les données et la version installée sont restées telles quelles. Dernières "
                        + "lignes de son journal (logs/install-2.0.0-")
                .hasMessageNotContaining(dir.toString());

        assertThat(FolderDigest.of(data)).isEqualTo(dataBefore);
        assertThat(impatient.installedVersion(installRoot)).isEmpty();
    }

    @Test
    void successfulMigrationTransformsTheDataAndLogsItsOutput() throws IOException {
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "scripts/migrate.sh")
                .file("scripts/migrate.sh", MIGRATION).writeZip(dir.resolve("v2.zip"));

        InstallResult result = installer.install(request(v2, "2.0.0", null, data));

        assertThat(data.resolve("db.txt"))
                .hasContent("customers\nmigrated by " + result.installedFolder().getFileName());
        assertThat(data.resolve("schema.txt")).hasContent("schema 2");
        assertThat(data.resolve("tables/invoices.dat")).hasContent("invoice 1");
        assertThat(result.logFile()).hasValueSatisfying(log -> assertThat(log).content().contains("migrating "));
        assertThat(children(dir)).containsExactlyInAnyOrder("erp", "erp-data", "v2.zip");
        assertThat(installer.installedVersion(installRoot)).contains("2.0.0");
    }

    @Test
    void reinstallingTheSamePackageReusesItsFolderAndDoesNotMigrateTwice() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh").file("migrate.sh", MIGRATION)
                .writeZip(dir.resolve("v2.zip"));
        installer.install(request(v1, "1.0.0", null, data));
        InstallResult first = installer.install(request(v2, "2.0.0", null, data));
        List<FileDigest> migrated = FolderDigest.of(data);
        Files.writeString(first.installedFolder().resolve("marker-of-first-unpack"), "kept");

        InstallResult again = installer.install(request(v2, "2.0.0", null, data));

        assertThat(again.installedFolder()).isEqualTo(first.installedFolder());
        assertThat(again.installedFolder().resolve("marker-of-first-unpack")).exists();
        assertThat(again.previousFolder()).isEmpty();
        assertThat(again.logFile()).isEmpty();
        assertThat(FolderDigest.of(data)).isEqualTo(migrated);
        assertThat(installer.installedVersion(installRoot)).contains("2.0.0");
        assertThat(children(installRoot.resolve("versions"))).hasSize(2);
    }

    @Test
    void reinstallAfterTheDataWasRestoredMigratesAgain() throws IOException {
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh").file("migrate.sh", MIGRATION)
                .writeZip(dir.resolve("v2.zip"));
        installer.install(request(v2, "2.0.0", null, data));
        Files.writeString(data.resolve("db.txt"), "customers\n"); // the old data is back
        Files.delete(data.resolve("schema.txt"));

        InstallResult again = installer.install(request(v2, "2.0.0", null, data));

        assertThat(again.logFile()).isPresent();
        assertThat(data.resolve("schema.txt")).hasContent("schema 2");
    }

    @Test
    void productionDataWrittenDuringTheMigrationIsNotOverwrittenAndNothingIsSwitched() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").writeZip(dir.resolve("v1.zip"));
        installer.install(request(v1, "1.0.0", null, data));
        // Production was not really stopped: an invoice lands in the live folder while its copy is migrated.
        Path v2 = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh")
                .file("migrate.sh", MIGRATION + "echo 'invoice 2' >> \"$(dirname \"$RELEASEGATE_DATA_DIR\")/erp-data/tables/invoices.dat\"\n")
                .writeZip(dir.resolve("v2.zip"));

        assertThatThrownBy(() -> installer.install(request(v2, "2.0.0", null, data)))
                .isInstanceOf(org.releasegate.data.DataChangedSinceStagedException.class)
                .hasMessage("Les données ont changé depuis leur mise de côté (« tables/invoices.dat » modifié) : elles "
                        + "n'ont pas été remplacées et restent telles quelles. Arrêtez ce qui les écrit encore, puis "
                        + "relancez l'étape.");

        assertThat(data.resolve("tables/invoices.dat")).as("the late write is kept").hasContent("invoice 1\ninvoice 2");
        assertThat(data.resolve("db.txt")).as("nothing migrated").hasContent("customers");
        assertThat(data.resolve("schema.txt")).doesNotExist();
        assertThat(children(dir)).containsExactlyInAnyOrder("erp", "erp-data", "v1.zip", "v2.zip");
        assertThat(installer.installedVersion(installRoot)).contains("1.0.0");
    }

    @Test
    void leftoversOfADeadUnpackAreReplaced() throws IOException {
        Path v1 = TestPackage.withDescriptor("erp", "1.0.0").file("app.txt", "app").writeZip(dir.resolve("v1.zip"));
        String folder = "1.0.0-" + FolderDigest.sha256(v1).substring(0, 12);
        Files.createDirectories(installRoot.resolve("versions/.staging-0123456789abcdef"));
        Files.createDirectories(installRoot.resolve("versions/" + folder));
        Files.writeString(installRoot.resolve("versions/" + folder + "/half.txt"), "incomplete, no marker");

        InstallResult result = installer.install(request(v1, "1.0.0", null, null));

        assertThat(result.installedFolder().resolve("app.txt")).hasContent("app");
        assertThat(result.installedFolder().resolve("half.txt")).doesNotExist();
        assertThat(children(installRoot.resolve("versions"))).containsExactly(folder);
    }

    private InstallRequest request(Path pkg, String expectedVersion, String expectedSha256, Path dataFolder) {
        return new InstallRequest(pkg, installRoot, expectedVersion, expectedSha256, dataFolder);
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }
}
