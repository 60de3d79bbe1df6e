package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.DataStoreUnavailableException;
import org.releasegate.data.RemoteData;
import org.releasegate.environment.Environments;
import org.springframework.mock.env.MockEnvironment;

/**
 * The engine node asks production's agent which version production runs, when an agent serves it: the agent reads its
 * own install root with its own settings, and the engine node's install root (a folder of another machine, or an old
 * copy) is not read. A version the agent cannot read comes back as its French refusal, and an answer cut short is
 * refused rather than taken for « nothing installed ».
 */
class InstalledVersionThroughAgentTest {

    private static final String AGENT = "agent-production";

    @TempDir
    Path dir;

    private Path agentRoot;
    private InstallMethods onAgent;
    private InstallMethods onEngine;
    /** What the agent sent last, as the engine node receives it; a test may cut it. */
    private byte[] lastAnswer;
    private int cutTo = -1;

    @BeforeEach
    void productionRunsAVendorProgramOnItsServer() throws IOException {
        agentRoot = Files.createDirectories(dir.resolve("prod-server/erp"));
        Files.writeString(agentRoot.resolve("VERSION"), "Gestan 1.0.3\n");
        Path engineRoot = Files.createDirectories(dir.resolve("engine-server/stale-copy"));
        Files.writeString(engineRoot.resolve("VERSION"), "Gestan 0.9\n");
        MockEnvironment vendorInstaller = new MockEnvironment()
                .withProperty("releasegate.environments.production.installer.mode", "command")
                .withProperty("releasegate.environments.production.installer.command[0]", "/bin/true")
                .withProperty("releasegate.environments.production.installer.version-file", "VERSION")
                .withProperty("releasegate.environments.production.installer.version-pattern", "Gestan ([0-9.]+)");
        onAgent = new InstallMethods(new Installer(Clock.systemUTC()), rootedAt(agentRoot), vendorInstaller,
                Clock.systemUTC());
        RemoteData throughAgent = new RemoteData() {
            @Override
            public InputStream open(String environment) {
                throw new UnsupportedOperationException("only the version is asked here");
            }

            @Override
            public Optional<String> agentOf(String environment) {
                return Optional.of(AGENT);
            }

            @Override
            public InputStream ask(String environment, Operation operation, String argument) throws IOException {
                assertThat(operation).isEqualTo(Operation.INSTALLED_VERSION);
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                onAgent.answerInstalledVersion(environment, sent);
                lastAnswer = sent.toByteArray();
                return new ByteArrayInputStream(cutTo < 0 ? lastAnswer : Arrays.copyOf(lastAnswer, cutTo));
            }
        };
        onEngine = new InstallMethods(new Installer(Clock.systemUTC()), rootedAt(engineRoot), vendorInstaller,
                Clock.systemUTC(), throughAgent);
    }

    @Test
    void theEngineNodeReadsTheVersionTheAgentReadsOnItsServer() throws IOException {
        assertThat(onEngine.installedVersion(Environments.PRODUCTION)).contains("1.0.3");

        Files.delete(agentRoot.resolve("VERSION"));
        assertThat(onEngine.installedVersion(Environments.PRODUCTION)).as("nothing installed on production's server")
                .isEmpty();
    }

    @Test
    void aVersionTheAgentCannotReadIsItsFrenchRefusal() throws IOException {
        Files.writeString(agentRoot.resolve("VERSION"), "pas une version\n");

        assertThatThrownBy(() -> onEngine.installedVersion(Environments.PRODUCTION))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessage("L'agent agent-production n'a pas pu répondre pour l'environnement « production » : "
                        + "l'opération a échoué sur le serveur (son journal dit pourquoi)");
    }

    @Test
    void anAnswerCutShortIsNotTakenForNothingInstalled() throws IOException {
        onEngine.installedVersion(Environments.PRODUCTION);
        for (int length = 0; length < lastAnswer.length; length++) {
            cutTo = length;
            assertThatThrownBy(() -> onEngine.installedVersion(Environments.PRODUCTION)).as("cut to %d bytes", length)
                    .isInstanceOf(IOException.class).hasMessageStartingWith("La copie des données s'est interrompue");
        }
    }

    private static Environments rootedAt(Path installRoot) {
        Environments environments = mock(Environments.class);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(installRoot);
        return environments;
    }
}
