package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.FolderDigest;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.springframework.mock.env.MockEnvironment;

/** The install step on environments whose settings name the vendor's installer (command mode). */
class InstallVersionStepTest {

    @TempDir
    Path dir;

    private final Map<String, Object> variables = new HashMap<>();
    private final ExternalTask task = mock(ExternalTask.class);
    private InstallVersionStep step;
    private Path package11;

    @BeforeEach
    void createEnvironments() throws IOException {
        Path setup = Files.writeString(Files.createDirectories(dir.resolve("vendor")).resolve("setup.sh"), """
                #!/bin/sh
                echo "installing $RELEASEGATE_VERSION into $1"
                echo "$RELEASEGATE_VERSION" > "$1/VERSION"
                """);
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
        step = new InstallVersionStep(environments, new Inbox(dir.resolve("inbox")),
                new InstallMethods(new Installer(clock), environments, spring, clock));
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
        assertThat(result.getValue("installLog", String.class))
                .startsWith(log + "\n")
                .contains("installing 1.1 into " + dir.resolve("test/erp"))
                .contains("# installed version: " + dir.resolve("test/erp/VERSION") + " → 1.1");
    }

    @Test
    void productionRefusesAnInstallerWhoseBytesDifferFromTheTestedOnesAndRunsNothing() {
        variables.put("environment", Environments.PRODUCTION);
        variables.put("testedInstallerPackage", "gestan-setup-1.1.run");
        variables.put("installerSha256", "f".repeat(64));

        assertThatThrownBy(() -> step.run(task))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("the release expects " + "f".repeat(64));
        assertThat(dir.resolve("production")).doesNotExist();
    }
}
