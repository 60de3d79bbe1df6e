package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.data.AgentAnswer;
import org.releasegate.data.RemoteData;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.environment.Environments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Gives each environment the install method its settings name ({@code releasegate.environments.<name>.installer}), and
 * tells which version each one runs: read by this node, or asked of the environment's agent on the engine node.
 */
@Component
public class InstallMethods {

    /** A version is a line: far beyond any real one, it bounds what is read of an agent's answer. */
    private static final int VERSION_ANSWER_LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Installer packageInstaller;
    private final Environments environments;
    private final Environment spring;
    private final Clock clock;
    private final RemoteData remote;
    private final Map<String, InstallMethod> byEnvironment = new ConcurrentHashMap<>();

    /** A node that no agent serves: it reads every environment's version itself. */
    public InstallMethods(Installer packageInstaller, Environments environments, Environment spring, Clock clock) {
        this(packageInstaller, environments, spring, clock, environment -> {
            throw new IllegalStateException("no agent serves " + environment);
        });
    }

    @Autowired
    public InstallMethods(Installer packageInstaller, Environments environments, Environment spring, Clock clock,
                          RemoteData remote) {
        this.packageInstaller = packageInstaller;
        this.environments = environments;
        this.spring = spring;
        this.clock = clock;
        this.remote = remote;
    }

    /**
     * @throws IllegalStateException when the environment's installer settings are wrong (also refused at start-up
     *                               by {@link InstallerSettingsCheck})
     */
    public InstallMethod of(String environment) {
        return byEnvironment.computeIfAbsent(environment, this::create);
    }

    /** Whether the environment installs packages of our format, whose descriptor names their version. */
    public boolean packagesNameTheirVersion(String environment) {
        return of(environment) == packageInstaller;
    }

    /**
     * The version installed on the environment, empty when nothing is. On the engine node, the agent of an environment
     * that has one reads it on its server (where the environment's install root and version command are), and this
     * node waits for its answer as for its data.
     */
    public Optional<String> installedVersion(String environment) throws IOException {
        Optional<String> agent = remote.agentOf(environment);
        if (agent.isEmpty()) {
            return of(environment).installedVersion(environments.installRoot(environment));
        }
        try (InputStream answer = remote.ask(environment, Operation.INSTALLED_VERSION, null)) {
            JsonNode version = JSON.readTree(AgentAnswer.receiveJson(answer, agent.get(), environment,
                    VERSION_ANSWER_LIMIT)).path("version");
            return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
        }
    }

    /**
     * On an agent: answers the engine node's question of which version {@code environment} runs, in
     * {@link AgentAnswer}'s frame ({@code {"version": …}}, {@code {}} when nothing is installed).
     *
     * @return what was sent, for the log
     */
    public String answerInstalledVersion(String environment, OutputStream out) throws IOException {
        return AgentAnswer.sendJson(environment, Operation.INSTALLED_VERSION, () -> {
            Optional<String> version = of(environment).installedVersion(environments.installRoot(environment));
            return JSON.writeValueAsBytes(version.map(found -> Map.of("version", found)).orElse(Map.of()));
        }, out);
    }

    private InstallMethod create(String environment) {
        InstallerSettings settings = InstallerSettings.of(spring, environment);
        return switch (settings.mode()) {
            case PACKAGE -> packageInstaller;
            case COMMAND -> new VendorCommandInstaller(environment, settings, clock);
        };
    }
}
