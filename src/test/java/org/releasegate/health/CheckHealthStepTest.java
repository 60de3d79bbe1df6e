package org.releasegate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTHY;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTH_REPORT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties.Environment;
import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * Where the health check step runs an environment's health command: the install method's folder (the {@code current}
 * link of a package install, the vendor installer's working directory in command mode) or the configured one.
 */
class CheckHealthStepTest {

    private static final String ENVIRONMENT = Environments.PRODUCTION;

    @TempDir
    Path dir;

    private Path installRoot;
    private final Environments environments = mock(Environments.class);
    private final MockEnvironment spring = new MockEnvironment();
    private final ExternalTask task = mock(ExternalTask.class);

    @BeforeEach
    void environment() {
        installRoot = dir.resolve("opt/gestan");
        when(environments.installRoot(ENVIRONMENT)).thenReturn(installRoot);
        when(task.getVariable(anyString())).thenAnswer(call -> Map.of("environment", ENVIRONMENT).get(call.<String>getArgument(0)));
    }

    @Test
    void vendorInstalledEnvironmentWhoseHealthCommandSucceedsIsHealthy() throws Exception {
        vendorCommandMode();
        installedByTheVendor("1.1");

        VariableMap result = runStep(health(null, "sh", "-c", "echo \"Gestan $(cat VERSION) répond\""));

        assertThat(HEALTH_REPORT.from(result)).isEqualTo("CONFORME — production\n"
                + "$ sh -c echo \"Gestan $(cat VERSION) répond\" → code de sortie 0\nGestan 1.1 répond\n");
        assertThat(HEALTHY.from(result)).isTrue();
    }

    @Test
    void vendorInstalledEnvironmentRunsItsHealthCommandInTheInstallersWorkingDirectory() throws Exception {
        vendorCommandMode();
        spring.withProperty("releasegate.environments.production.installer.working-directory", "app");
        Path app = Files.createDirectories(installedByTheVendor("1.1").resolve("app"));

        VariableMap result = runStep(health(null, "sh", "-c", "pwd; echo \"$RELEASEGATE_INSTALL_DIR\""));

        assertThat(HEALTHY.from(result)).isTrue();
        assertThat(HEALTH_REPORT.from(result)).endsWith("\n" + app.toRealPath() + "\n" + installRoot + "\n");
    }

    @Test
    void packageInstalledEnvironmentRunsItsHealthCommandInTheCurrentVersionsFolder() throws Exception {
        Path version = Files.createDirectories(installRoot.resolve("versions/1.1-0123456789ab"));
        Files.createSymbolicLink(installRoot.resolve("current"), Path.of("versions/1.1-0123456789ab"));

        VariableMap result = runStep(health(null, "sh", "-c", "pwd; echo \"$RELEASEGATE_INSTALL_DIR\""));

        assertThat(HEALTHY.from(result)).isTrue();
        assertThat(HEALTH_REPORT.from(result)).endsWith("\n" + version.toRealPath() + "\n" + installRoot.resolve("current") + "\n");
    }

    @Test
    void configuredWorkingDirectoryIsWhereTheHealthCommandRuns() throws Exception {
        vendorCommandMode();
        installedByTheVendor("1.1");
        Path tools = Files.createDirectories(dir.resolve("srv/gestan-tools"));

        VariableMap result = runStep(health(tools, "pwd"));

        assertThat(HEALTHY.from(result)).isTrue();
        assertThat(HEALTH_REPORT.from(result)).isEqualTo("CONFORME — production\n$ pwd → code de sortie 0\n"
                + tools.toRealPath() + "\n");
    }

    @Test
    void configuredWorkingDirectoryRelativeToTheInstallRootIsWhereTheHealthCommandRuns() throws Exception {
        Path bin = Files.createDirectories(installRoot.resolve("shared/bin"));

        VariableMap result = runStep(health(Path.of("shared/bin"), "pwd"));

        assertThat(HEALTHY.from(result)).isTrue();
        assertThat(HEALTH_REPORT.from(result)).endsWith("\n" + bin.toRealPath() + "\n");
    }

    @Test
    void configuredWorkingDirectoryThatDoesNotExistIsUnhealthyWithAFrenchReasonThatNamesTheSettingNotTheFolder()
            throws Exception {
        vendorCommandMode();
        installedByTheVendor("1.1");

        VariableMap result = runStep(health(dir.resolve("srv/absent"), "pwd"));

        assertThat(HEALTHY.from(result)).isFalse();
        assertThat(HEALTH_REPORT.from(result)).isEqualTo("NON CONFORME — production\nLe contrôle de santé « pwd » n'a"
                + " pas été lancé : son dossier de travail (réglage health.working-directory de l'environnement)"
                + " n'existe pas.");
    }

    @Test
    void environmentWithNothingInstalledIsUnhealthyInFrenchWithoutTheServersFolders() throws Exception {
        VariableMap result = runStep(health(null, "pwd"));

        assertThat(HEALTHY.from(result)).isFalse();
        assertThat(HEALTH_REPORT.from(result)).isEqualTo("NON CONFORME — production\nAucune version n'est installée sur"
                + " cet environnement (son dossier d'installation n'existe pas) : le contrôle de santé « pwd » n'a pas"
                + " été lancé.");
    }

    private VariableMap runStep(HealthCheckSettings health) throws InterruptedException {
        when(environments.get(ENVIRONMENT)).thenReturn(new Environment(installRoot, null, health));
        Clock clock = Clock.systemUTC();
        InstallMethods installMethods = new InstallMethods(new Installer(clock), environments, spring, clock);
        return new CheckHealthStep(environments, installMethods, new HealthCheck()).run(task);
    }

    /** The vendor's installer decides where its files go: no {@code versions/} folder, no {@code current} link. */
    private void vendorCommandMode() {
        String prefix = "releasegate.environments.production.installer";
        spring.withProperty(prefix + ".mode", "command")
                .withProperty(prefix + ".command[0]", "/opt/vendor/setup.sh")
                .withProperty(prefix + ".version-file", "VERSION");
    }

    private Path installedByTheVendor(String version) throws IOException {
        Files.createDirectories(installRoot.resolve("bin"));
        Files.writeString(installRoot.resolve("VERSION"), version + "\n");
        return installRoot;
    }

    private static HealthCheckSettings health(Path workingDirectory, String... command) {
        return new HealthCheckSettings(List.of(command), null, Duration.ofSeconds(30), workingDirectory);
    }
}
