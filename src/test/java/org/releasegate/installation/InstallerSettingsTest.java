package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** Installer settings as Spring binds them, and what the start-up check refuses. */
class InstallerSettingsTest {

    private static final String TEST = "releasegate.environments.test.";

    @TempDir
    Path dir;

    @Test
    void placeholdersAreLeftForTheInstallEvenWhenSpringKnowsAPropertyOfThatName() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("version", "9.9") // as an environment variable VERSION would be
                .withProperty(TEST + "install-root", "/opt/erp")
                .withProperty(TEST + "installer.mode", "command")
                .withProperty(TEST + "installer.command[0]", "/bin/sh")
                .withProperty(TEST + "installer.command[1]", "--version=${version}")
                .withProperty(TEST + "installer.timeout", "45m")
                .withProperty(TEST + "installer.version-file", "${installRoot}/VERSION");

        InstallerSettings settings = InstallerSettings.of(spring, "test");

        assertThat(settings.mode()).isEqualTo(InstallerMode.COMMAND);
        assertThat(settings.command()).containsExactly("/bin/sh", "--version=${version}");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(settings.versionFile()).isEqualTo("${installRoot}/VERSION");
        assertThat(new InstallerSettingsCheck().problems(spring)).isEmpty();
    }

    @Test
    void environmentWithoutInstallerSettingsUsesPackagesWithAThirtyMinuteDefaultTimeoutForCommands() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("releasegate.environments.production.install-root", "/opt/erp")
                .withProperty(TEST + "installer.mode", "command");

        assertThat(InstallerSettings.of(spring, "production").mode()).isEqualTo(InstallerMode.PACKAGE);
        assertThat(InstallerSettings.of(spring, "test").timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(InstallerSettings.all(spring)).containsOnlyKeys("test");
    }

    @Test
    void startUpRefusesInstallerSettingsThatWouldFailInTheMiddleOfARelease() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("releasegate.environments.production.installer.mode", "command")
                .withProperty("releasegate.environments.production.installer.version-pattern", "(unclosed")
                .withProperty(TEST + "installer.mode", "command")
                .withProperty(TEST + "installer.command[0]", "/bin/sh")
                .withProperty(TEST + "installer.command[1]", "${pakage}")
                .withProperty(TEST + "installer.version-command[0]", "${version}")
                .withProperty(TEST + "installer.version-file", "VERSION")
                .withProperty("releasegate.environments.demo.installer.command[0]", "/bin/sh");

        assertThat(new InstallerSettingsCheck().problems(spring)).containsExactlyInAnyOrder(
                "releasegate.environments.demo.installer: command or version settings are given but the mode is package; add mode: command",
                "releasegate.environments.production.installer.command is not set: mode command runs the vendor's installer, give its command line",
                "releasegate.environments.production.installer: set exactly one of version-command and version-file, so that the installed version is checked after the installer ran",
                "releasegate.environments.production.installer.version-pattern is not a valid regular expression: Unclosed group",
                "releasegate.environments.test.installer.command uses unknown placeholder(s) [${pakage}]; known here: ${dataDir} ${installRoot} ${package} ${taskId} ${version}",
                "releasegate.environments.test.installer.version-command, version-file and working-directory uses unknown placeholder(s) [${version}]; known here: ${installRoot}",
                "releasegate.environments.test.installer: set exactly one of version-command and version-file, so that the installed version is checked after the installer ran");
    }

    @Test
    void startUpRefusesAnInstallerProgramThatIsMissingOrCannotRun() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("setup.sh"), "echo setup");
        MockEnvironment spring = new MockEnvironment()
                .withProperty(TEST + "install-root", dir.toString())
                .withProperty(TEST + "installer.mode", "command")
                .withProperty(TEST + "installer.command[0]", "/opt/vendor/setup.sh")
                .withProperty(TEST + "installer.version-file", "VERSION")
                .withProperty("releasegate.environments.staging.install-root", dir.toString())
                .withProperty("releasegate.environments.staging.installer.mode", "command")
                .withProperty("releasegate.environments.staging.installer.command[0]", "./setup.sh")
                .withProperty("releasegate.environments.staging.installer.version-file", "VERSION")
                .withProperty("releasegate.environments.other.installer.mode", "command")
                .withProperty("releasegate.environments.other.installer.command[0]", "no-such-vendor-setup")
                .withProperty("releasegate.environments.other.installer.version-file", "VERSION")
                .withProperty("releasegate.environments.self-extracting.installer.mode", "command")
                .withProperty("releasegate.environments.self-extracting.installer.command[0]", "${package}")
                .withProperty("releasegate.environments.self-extracting.installer.version-file", "VERSION");

        assertThat(new InstallerSettingsCheck().problems(spring)).containsExactlyInAnyOrder(
                "releasegate.environments.test.installer.command: program /opt/vendor/setup.sh does not exist",
                "releasegate.environments.staging.installer.command: program " + notExecutable
                        + " is not executable (chmod +x it, or start it with sh)",
                "releasegate.environments.other.installer.command: program 'no-such-vendor-setup' is not found on the PATH ("
                        + System.getenv("PATH") + ")");

        assertThatThrownBy(() -> check(spring))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Installer settings are wrong:\n - ")
                .hasMessageContaining("/opt/vendor/setup.sh does not exist");
        // An engine node that runs no workers never starts an installer: only the settings themselves are checked.
        assertThat(new InstallerSettingsCheck().problems(spring.withProperty("releasegate.worker.enabled", "false"))).isEmpty();
    }

    @Test
    void settingsWithoutProblemsPassTheCheck() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty(TEST + "installer.mode", "COMMAND")
                .withProperty(TEST + "installer.command", "sh,${package},--silent")
                .withProperty(TEST + "installer.version-command", "${installRoot}/bin/erp,--version");

        assertThat(InstallerSettings.of(spring, "test").command()).isEqualTo(List.of("sh", "${package}", "--silent"));
        check(spring);
    }

    private static void check(MockEnvironment spring) {
        InstallerSettingsCheck check = new InstallerSettingsCheck();
        check.setEnvironment(spring);
        check.postProcessBeanFactory(new DefaultListableBeanFactory());
    }
}
