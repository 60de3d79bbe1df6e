package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.command.ChildChecks;

/**
 * What the programs an install starts see of this JVM's environment: a package's migration, a vendor installer and
 * its version command print their environment into the logs that reach {@code installLog}, and no secret may be
 * there.
 */
class InstallProgramsEnvironmentTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void migrationScriptSeesItsFoldersAndNoSecretOfTheApplication() throws IOException {
        Path data = Files.createDirectories(dir.resolve("erp-data"));
        Files.writeString(data.resolve("db.txt"), "customers\n");
        Path pkg = TestPackage.withDescriptor("erp", "2.0.0", "migrate.sh")
                .file("migrate.sh", "env\necho 'schema 2' > \"$RELEASEGATE_DATA_DIR/schema.txt\"\n")
                .writeZip(dir.resolve("v2.zip"));

        InstallResult result = new Installer(CLOCK)
                .install(new InstallRequest(pkg, dir.resolve("erp"), "2.0.0", null, data));

        String log = Files.readString(result.logFile().orElseThrow());
        assertThat(log).contains("RELEASEGATE_INSTALL_DIR=" + result.installedFolder() + "\n");
        ChildChecks.assertSawOnly(log, Set.of(MigrationRunner.DATA_DIR_VARIABLE, MigrationRunner.INSTALL_DIR_VARIABLE));
        assertThat(data.resolve("schema.txt")).hasContent("schema 2");
    }

    @Test
    void vendorInstallerAndItsVersionCommandSeeTheirVariablesAndNoSecretOfTheApplication() throws IOException {
        Path installRoot = dir.resolve("erp");
        Path setup = script(dir.resolve("vendor/setup.sh"), """
                #!/bin/sh
                env
                mkdir -p "$RELEASEGATE_INSTALL_ROOT/app"
                echo "$RELEASEGATE_VERSION" > "$RELEASEGATE_INSTALL_ROOT/app/VERSION"
                """);
        Path version = script(dir.resolve("vendor/version.sh"), """
                #!/bin/sh
                env > "$1/version-command-environment.txt"
                cat "$1/app/VERSION"
                """);
        Path installerFile = Files.writeString(Files.createDirectories(dir.resolve("inbox")).resolve("gestan-1.1.pkg"),
                "version=1.1\n");
        Path data = Files.createDirectories(dir.resolve("erp-data"));
        VendorCommandInstaller installer = new VendorCommandInstaller("test", new InstallerSettings(InstallerMode.COMMAND,
                List.of(setup.toString()), Duration.ofSeconds(30), List.of(version.toString(), "${installRoot}"), null,
                null, null), CLOCK);

        InstallResult result = installer.install(new InstallRequest(installerFile, installRoot, "1.1", null, data, "task-1"));

        Set<String> given = Set.of("RELEASEGATE_PACKAGE", "RELEASEGATE_INSTALL_ROOT", "RELEASEGATE_VERSION",
                "RELEASEGATE_TASK_ID", "RELEASEGATE_DATA_DIR");
        String log = Files.readString(result.logFile().orElseThrow());
        assertThat(log).contains("\nRELEASEGATE_TASK_ID=task-1\n");
        ChildChecks.assertSawOnly(log, given);
        ChildChecks.assertSawOnly(Files.readString(installRoot.resolve("version-command-environment.txt")), given);
    }

    private static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
