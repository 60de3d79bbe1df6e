package org.releasegate.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;

/**
 * Three machines built on this one ({@link NetworkHosts}): {@code engine}, {@code prod} and {@code test}, each its own
 * address, folders ({@code servers/<host>/}) and JVM: the engine node (the demo, on an H2 file beside the servers'
 * folders) and an agent for production and one for test, each declared on the engine with a random password. What
 * {@code RemoteAgentsTest} walks a release through and {@code RemoteCopyBenchmark} times copies on. Closing it stops
 * the JVMs still running, removes the hosts and deletes the folders.
 */
public final class AgentHosts implements AutoCloseable {

    public static final String PRODUCTION_AGENT = "agent-production";
    public static final String TEST_AGENT = "agent-test";
    private static final Map<String, String> SERVERS = Map.of(Environments.PRODUCTION, "prod", Environments.TEST,
            "test");

    private final NetworkHosts network;
    private final Path root;
    private final Map<String, String> passwords = Map.of(PRODUCTION_AGENT, randomPassword(), TEST_AGENT,
            randomPassword());
    private final List<ChildApplication> running = new ArrayList<>();

    private AgentHosts(NetworkHosts network, Path root) {
        this.network = network;
        this.root = root;
    }

    /** The hosts, or (as {@link NetworkHosts#create}) a failure in CI and a skipped test elsewhere. */
    public static AgentHosts create() throws IOException, InterruptedException {
        NetworkHosts network = NetworkHosts.create("engine", "prod", "test");
        try {
            return new AgentHosts(network, Files.createTempDirectory("release-gate-hosts"));
        } catch (IOException e) {
            network.close();
            throw e;
        }
    }

    NetworkHosts network() {
        return network;
    }

    /** The servers' folders, the demo's root: the engine's database lives beside it (not the demo's file). */
    public Path home() {
        return root.resolve("servers");
    }

    /** A host's folder: {@code engine}, {@code prod} or {@code test}. */
    public Path server(String host) {
        return home().resolve(host);
    }

    /** A host's address on the hosts' network. */
    public String address(String host) {
        return network.host(host).address();
    }

    /** The command prefix that runs a program on {@code host} ({@code ip netns exec …}). */
    public List<String> exec(String host) {
        return network.host(host).exec();
    }

    /** marie starts the demo's release to 1.1 on {@code engine}; its id. */
    public static String startRelease(ChildApplication engine) {
        return CrashWalk.startRelease(engine.rest());
    }

    String password(String agent) {
        return passwords.get(agent);
    }

    /** The engine node on its host, with {@code extraArguments} last; returns once its REST API answers. */
    public ChildApplication startEngine(Path log, String... extraArguments) throws IOException, InterruptedException {
        List<String> arguments = engineArguments();
        arguments.addAll(List.of(extraArguments));
        return track(ChildApplication.startOn(network.host("engine"), arguments,
                Map.of("TEST_PRODUCTION_PASSWORD", password(PRODUCTION_AGENT), "TEST_TEST_PASSWORD",
                        password(TEST_AGENT)), log));
    }

    /**
     * The agent of {@code environment} on its server, configured with that environment only (test's agent cannot read
     * production's folder), with {@code extraArguments} last; returns once its workers are subscribed, with their
     * topics in {@code subscribedTopics}.
     */
    public ChildApplication startAgent(ChildApplication engine, String environment, Path log,
                                       List<String> subscribedTopics, String... extraArguments)
            throws IOException, InterruptedException {
        String user = Environments.PRODUCTION.equals(environment) ? PRODUCTION_AGENT : TEST_AGENT;
        String server = SERVERS.get(environment);
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=agent",
                "--releasegate.agent.environments=" + environment,
                "--releasegate.agent.allow-plain-http=true",
                "--releasegate.worker.engine-url=" + engine.rest().baseUrl(),
                "--releasegate.worker.username=" + user,
                "--releasegate.worker.long-polling=1s",
                "--releasegate.worker.retry-delay=500ms",
                "--releasegate.worker.lock-duration=15s",
                // Enough attempts for a copy to outlast a cut link.
                "--releasegate.worker.retries=30",
                "--releasegate.transfer.idle-timeout=3s",
                "--releasegate.transfer.pickup-timeout=10s",
                "--releasegate.inbox=" + server(server).resolve("inbox"),
                "--releasegate.environments." + environment + ".data.type=directory",
                "--releasegate.environments." + environment + ".health.command[0]=sh",
                "--releasegate.environments." + environment + ".health.command[1]=bin/health.sh"));
        arguments.addAll(environmentArguments(environment));
        arguments.addAll(List.of(extraArguments));
        return track(ChildApplication.startAgentOn(network.host(server), arguments,
                Map.of("RELEASEGATE_WORKER_PASSWORD", password(user)), log, subscribedTopics));
    }

    private List<String> engineArguments() {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=demo",
                "--releasegate.models.folder=" + Path.of("bpmn").toAbsolutePath(),
                "--spring.datasource.url=jdbc:h2:file:" + root.resolve("engine-db/release-gate") + ";WRITE_DELAY=0",
                "--releasegate.demo.root=" + home(),
                "--releasegate.inbox=" + server("engine").resolve("inbox"),
                "--releasegate.archive.root=" + server("engine").resolve("archives"),
                "--releasegate.strategic-processes-file=" + server("engine").resolve("strategic-processes.yaml"),
                "--releasegate.worker.long-polling=1s",
                "--releasegate.worker.retry-delay=500ms",
                "--releasegate.worker.lock-duration=15s",
                // A read from a cut link fails after this, rather than Tomcat's minute.
                "--server.tomcat.connection-timeout=5s",
                "--releasegate.transfer.idle-timeout=3s",
                "--releasegate.transfer.pickup-timeout=10s",
                "--releasegate.agents." + PRODUCTION_AGENT + ".environments=production",
                "--releasegate.agents." + PRODUCTION_AGENT + ".password=${TEST_PRODUCTION_PASSWORD}",
                "--releasegate.agents." + TEST_AGENT + ".environments=test",
                "--releasegate.agents." + TEST_AGENT + ".password=${TEST_TEST_PASSWORD}"));
        // Production's folder, for the demo to lay it out; a test that starts the engine node with production's
        // data.type=agent then reaches it through production's agent only.
        arguments.addAll(environmentArguments(Environments.PRODUCTION));
        arguments.addAll(environmentArguments(Environments.TEST));
        return arguments;
    }

    private List<String> environmentArguments(String environment) {
        Path server = server(SERVERS.get(environment));
        return List.of("--releasegate.environments." + environment + ".install-root=" + server.resolve("app"),
                "--releasegate.environments." + environment + ".data.path=" + server.resolve("data"));
    }

    private ChildApplication track(ChildApplication application) {
        running.add(application);
        return application;
    }

    @Override
    public void close() throws Exception {
        try {
            for (ChildApplication application : running) {
                application.close();
            }
        } finally {
            network.close();
            FileTrees.deleteRecursively(root);
        }
    }

    private static String randomPassword() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    }
}
