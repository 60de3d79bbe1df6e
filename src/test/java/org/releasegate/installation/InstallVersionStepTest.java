package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.files.FolderDigest;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.springframework.mock.env.MockEnvironment;

/** The install step on environments whose settings name the vendor's installer (command mode). */
class InstallVersionStepTest {

    @TempDir
    Path dir;

    private final Map<String, Object> variables = new HashMap<>();
    private final ExternalTask task = mock(ExternalTask.class);
    private final DataStore production = mock(DataStore.class);
    /** What production's installed version file said each time a listener was told of an install. */
    private final List<String> toldAfterInstall = new ArrayList<>();
    private InstallVersionStep step;
    private Path package11;

    @BeforeEach
    void createEnvironments() throws IOException {
        Path setup = Files.writeString(Files.createDirectories(dir.resolve("vendor")).resolve("setup.sh"), """
                #!/bin/sh
                echo "installing $RELEASEGATE_VERSION into $1"
                # A test may have someone swap the inbox file while the installer runs.
                if [ -f "%1$s/swap-on-install" ]; then cp "%1$s/swap-on-install" "%1$s/inbox/gestan-setup-1.1.run"; fi
                cp "$RELEASEGATE_PACKAGE" "$1/installed-package"
                echo "$RELEASEGATE_VERSION" > "$1/VERSION"
                """.formatted(dir));
        Files.setPosixFilePermissions(setup, PosixFilePermissions.fromString("rwx------"));
        package11 = Files.writeString(Files.createDirectories(dir.resolve("inbox")).resolve("gestan-setup-1.1.run"), "1.1");
        Environments environments = mock(Environments.class);
        MockEnvironment spring = new MockEnvironment();
        for (String environment : new String[] {Environments.TEST, Environments.PRODUCTION}) {
            when(environments.installRoot(environment)).thenReturn(dir.resolve(environment + "/erp"));
            when(environments.dataFolder(environment)).thenReturn(dir.resolve(environment + "/data"));
            String prefix = InstallerSettings.prefix(environment);
            spring.withProperty(prefix + ".mode", "command")
                    .withProperty(prefix + ".command[0]", setup.toString())
                    .withProperty(prefix + ".command[1]", "${installRoot}")
                    .withProperty(prefix + ".version-file", "VERSION");
        }
        Clock clock = Clock.systemUTC();
        DataStores dataStores = mock(DataStores.class);
        when(dataStores.of(anyString())).thenReturn(production);
        step = new InstallVersionStep(environments, new InboxPackages(new Inbox(dir.resolve("inbox"))),
                new InstallMethods(new Installer(clock), environments, spring, clock), dataStores,
                List.of(installed -> toldAfterInstall.add(readVersion(dir.resolve("production/erp/VERSION")))));
        when(task.getId()).thenReturn("4711");
        when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        variables.put("targetVersion", "1.1");
        variables.put("installerPackage", "gestan-setup-1.1.run");
    }

    @Test
    void testInstallRunsTheVendorInstallerAndRecordsWhatProductionMustReceiveAndTheLog() throws Exception {
        variables.put("environment", Environments.TEST);

        VariableMap result = step.run(task);

        Path log = dir.resolve("test/erp/logs/install-1.1-4711.log");
        assertThat(result.getValue("testVersion", String.class)).isEqualTo("1.1");
        assertThat(result.getValue("testedInstallerPackage", String.class)).isEqualTo("gestan-setup-1.1.run");
        assertThat(result.getValue("installerSha256", String.class)).isEqualTo(FolderDigest.sha256(package11));
        assertThat(log).content().contains("installing 1.1 into " + dir.resolve("test/erp"));
        assertThat(result.getValue("installLog", String.class)).as("named and written relative to the install root")
                .startsWith("logs/install-1.1-4711.log\n")
                .contains("installing 1.1 into .")
                .as("Release Gate's own lines (command, environment) stay in the file").doesNotContain("# ")
                .doesNotContain(dir.toString());
    }

    @Test
    void productionRefusesAnInstallerOfTheTestedNameWhoseBytesDifferFromTheTestedOnesAndRunsNothing() {
        variables.put("environment", Environments.PRODUCTION);
        variables.put("testedInstallerPackage", "gestan-setup-1.1.run");
        variables.put("installerSha256", "f".repeat(64));

        assertThatThrownBy(() -> step.run(task))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith("Le paquet « gestan-setup-1.1.run » n'est pas celui qui a été testé")
                .hasMessageContaining("testé : " + "f".repeat(64))
                .hasMessageNotContaining(dir.toString());
        assertThat(dir.resolve("production/erp/VERSION")).doesNotExist();
        assertThat(dir.resolve("production/erp/" + InstallVersionStep.INCOMING + "/4711")).doesNotExist();
        verifyNoInteractions(production);
    }

    @Test
    void productionRefusesAPackageOfAnotherNameWhoseBytesWereNotTested() throws Exception {
        Files.writeString(dir.resolve("inbox/gestan-setup-1.1-fix.run"), "1.1 corrigé");
        variables.put("environment", Environments.PRODUCTION);
        variables.put("installerPackage", "gestan-setup-1.1-fix.run");
        variables.put("testedInstallerPackage", "gestan-setup-1.1.run");
        variables.put("installerSha256", FolderDigest.sha256(package11));

        assertThatThrownBy(() -> step.run(task))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith("Le paquet « gestan-setup-1.1-fix.run » n'est pas celui qui a été testé");
        assertThat(dir.resolve("production/erp/VERSION")).doesNotExist();
    }

    @Test
    void productionAcceptsThePackageTestedUnderAnotherName() throws Exception {
        Files.copy(package11, dir.resolve("inbox/gestan-setup-1.1-copie.run"));
        variables.put("environment", Environments.PRODUCTION);
        variables.put("installerPackage", "gestan-setup-1.1-copie.run");
        variables.put("testedInstallerPackage", "gestan-setup-1.1.run");
        variables.put("installerSha256", FolderDigest.sha256(package11).toUpperCase());

        VariableMap result = step.run(task);

        assertThat(result.getValue("productionVersion", String.class)).isEqualTo("1.1");
        assertThat(dir.resolve("production/erp/installed-package")).hasSameBinaryContentAs(package11);
        // production's data was stopped before its archive: the installer, which migrates it, is let in
        verify(production).reopen();
    }

    @Test
    void onlyAProductionInstallTellsItsListenersAndOnlyOnceTheVersionIsInstalled() throws Exception {
        variables.put("environment", Environments.TEST);
        step.run(task);
        assertThat(toldAfterInstall).as("a test install is not a production install").isEmpty();

        variables.put("environment", Environments.PRODUCTION);
        variables.put("installerSha256", FolderDigest.sha256(package11));
        step.run(task);

        assertThat(toldAfterInstall).containsExactly("1.1");
    }

    @Test
    void productionInstallsNothingWithoutATestedChecksum() {
        variables.put("environment", Environments.PRODUCTION);
        variables.put("testedInstallerPackage", "gestan-setup-1.1.run");

        assertThatThrownBy(() -> step.run(task))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith("Aucune empreinte du paquet testé");
        assertThat(dir.resolve("production")).doesNotExist();
    }

    @Test
    void aPackageSwappedInTheInboxAfterItWasHashedNeverReachesTheInstall() throws Exception {
        byte[] hashed = Files.readAllBytes(package11);
        Files.writeString(dir.resolve("swap-on-install"), "echo cheval de Troie");
        variables.put("environment", Environments.TEST);

        VariableMap result = step.run(task);

        // The installer swapped the inbox file as it ran; it had received, and installed, the bytes hashed.
        assertThat(package11).hasContent("echo cheval de Troie");
        assertThat(dir.resolve("test/erp/installed-package")).hasBinaryContent(hashed);
        assertThat(result.getValue("installerSha256", String.class))
                .isEqualTo(FolderDigest.sha256(dir.resolve("test/erp/installed-package")));
        assertThat(dir.resolve("test/erp/" + InstallVersionStep.INCOMING + "/4711")).doesNotExist();
    }

    @Test
    void anInstallerNamedByASymbolicLinkIsRefusedAndNothingRuns() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.run"), "1.1");
        Files.delete(package11);
        Files.createSymbolicLink(package11, elsewhere);
        variables.put("environment", Environments.TEST);

        assertThatThrownBy(() -> step.run(task))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("« gestan-setup-1.1.run » est un lien symbolique : la boîte de dépôt n'accepte que des"
                        + " fichiers ordinaires, déposez le fichier lui-même.");
        assertThat(dir.resolve("test/erp/VERSION")).doesNotExist();
        assertThat(dir.resolve("test/erp/" + InstallVersionStep.INCOMING + "/4711")).doesNotExist();
    }

    private static String readVersion(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "nothing installed yet (" + e.getMessage() + ")";
        }
    }
}
