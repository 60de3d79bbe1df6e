package org.releasegate.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.releasegate.ReleaseGateApplication;
import org.releasegate.testsupport.ApplicationClient;

/**
 * Release Gate run as an operator runs it: a JVM of its own, started with the test's classpath (without the test
 * classes), its settings only those the test gives (none inherited from the test's {@code RELEASEGATE_*} and
 * {@code SPRING_*} variables), its output appended to a log file: a process the test can kill like a crashed server.
 * A second Camunda application inside the test JVM would share Camunda's JVM-wide registries (engines, webapp
 * filters, container services) with the shared test context and break it when it stops.
 */
public final class ChildApplication implements AutoCloseable {

    /**
     * On a busy 2-core machine one start took up to 210 s; in TwoEngineNodesTest a node also waits for the other one's
     * start-up, and on a test's hosts three JVMs start at once. {@code -Dreleasegate.test.start-timeout} changes it.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("releasegate.test.start-timeout",
            300));
    private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final String STARTED = "Started " + ReleaseGateApplication.class.getSimpleName();
    /** An agent has no web server: it is ready once its workers are subscribed. */
    private static final Pattern WORKERS_SUBSCRIBED = Pattern.compile("Workers subscribed to (\\[.*\\])");

    private final Process process;
    private final String address;
    private final Path log;
    private final long startOfThisRun;
    private final Duration startTimeout;
    private final Instant deadline;
    private ApplicationClient rest;

    private ChildApplication(Process process, String address, Path log, long startOfThisRun, Duration startTimeout) {
        this.process = process;
        this.address = address;
        this.log = log;
        this.startOfThisRun = startOfThisRun;
        this.startTimeout = startTimeout;
        this.deadline = Instant.now().plus(startTimeout);
    }

    /**
     * Starts the application with {@code arguments} (Spring's {@code --name=value}) and {@code environment}, on a free
     * port; returns once its REST API answers.
     */
    static ChildApplication start(List<String> arguments, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        return start(List.of("-Xmx1g"), arguments, environment, Path.of(System.getProperty("user.dir")), log);
    }

    /**
     * Starts the application in a JVM with {@code jvmOptions}, in {@code directory} (what its relative paths, such as
     * the demo's {@code ./data}, resolve against); otherwise as {@link #start(List, Map, Path)}.
     */
    public static ChildApplication start(List<String> jvmOptions, List<String> arguments,
            Map<String, String> environment, Path directory, Path log) throws IOException, InterruptedException {
        ChildApplication child = launch(List.of(), "localhost", jvmOptions, arguments, environment, directory, log);
        child.awaitReady();
        return child;
    }

    /**
     * Starts the application on {@code host} (its own network namespace: {@link NetworkHosts}), as
     * {@link #start(List, Map, Path)} does; its REST API is then reached at the host's address.
     */
    static ChildApplication startOn(NetworkHosts.Host host, List<String> arguments, Map<String, String> environment,
                                    Path log) throws IOException, InterruptedException {
        ChildApplication child = launch(host.exec(), host.address(), List.of("-Xmx1g"), arguments, environment,
                Path.of(System.getProperty("user.dir")), log);
        child.awaitReady();
        return child;
    }

    /** Starts an agent on {@code host}, as {@link #startAgent} does. */
    static ChildApplication startAgentOn(NetworkHosts.Host host, List<String> arguments,
                                         Map<String, String> environment, Path log, List<String> subscribedTopics)
            throws IOException, InterruptedException {
        return awaitSubscribed(launch(host.exec(), host.address(), List.of("-Xmx512m"), arguments, environment,
                Path.of(System.getProperty("user.dir")), log), subscribedTopics);
    }

    /**
     * Starts the application as {@link #start(List, Map, Path)} does and returns once Spring has started it or it has
     * stopped: for a test of what the application refuses at start-up.
     */
    public static ChildApplication startOrStop(List<String> arguments, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        ChildApplication child = launch(List.of(), "localhost", List.of("-XX:TieredStopAtLevel=1"), arguments,
                environment,
                Path.of(System.getProperty("user.dir")), log);
        child.await("start", () -> !child.process.isAlive() || child.output().contains(STARTED) ? true : null, false);
        return child;
    }

    /**
     * Starts an agent (profile {@code agent} among the arguments): no web server, no REST API of its own; returns once
     * its workers are subscribed, with the topics they fetch.
     */
    static ChildApplication startAgent(List<String> arguments, Map<String, String> environment, Path log,
                                       List<String> subscribedTopics) throws IOException, InterruptedException {
        return awaitSubscribed(launch(List.of(), "localhost", List.of("-Xmx1g"), arguments, environment,
                Path.of(System.getProperty("user.dir")), log), subscribedTopics);
    }

    private static ChildApplication awaitSubscribed(ChildApplication agent, List<String> subscribedTopics) {
        String topics = agent.await("subscribe its workers", () -> {
            Matcher subscribed = WORKERS_SUBSCRIBED.matcher(agent.output());
            return subscribed.find() ? subscribed.group(1) : null;
        }, true);
        subscribedTopics.addAll(Arrays.asList(topics.substring(1, topics.length() - 1).split(",\\s*")));
        return agent;
    }

    /** @param prefix what runs the JVM on another host ({@code ip netns exec …}); empty for this one */
    private static ChildApplication launch(List<String> prefix, String address, List<String> jvmOptions,
            List<String> arguments, Map<String, String> environment, Path directory, Path log) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // Port 0: the application binds a free port itself and logs it; a port chosen here and bound seconds later
        // could be taken in between.
        command.addAll(List.of("-cp", applicationClasspath(), ReleaseGateApplication.class.getName(),
                "--server.port=0"));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "\n===== " + Instant.now() + " start\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        long startOfThisRun = Files.size(log);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("RELEASEGATE_") || name.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        return new ChildApplication(builder.start(), address, log, startOfThisRun,
                START_TIMEOUT);
    }

    /** The engine's REST API ({@code /engine-rest}) of this run. */
    public ApplicationClient rest() {
        if (rest == null) {
            rest = ApplicationClient.anonymous(address, port()).at("/engine-rest");
        }
        return rest;
    }

    /** The port the web server of this run listens on. */
    public int port() {
        Matcher started = STARTED_ON_PORT.matcher(output());
        if (!started.find()) {
            throw new IllegalStateException("No port in the application's output:\n" + output());
        }
        return Integer.parseInt(started.group(1));
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The operating system's id of the application's JVM. */
    public long pid() {
        return process.pid();
    }

    /** This run's output so far (the log file is shared by the runs of one test). */
    public String output() {
        try (var channel = Files.newByteChannel(log)) {
            channel.position(startOfThisRun);
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + log, e);
        }
    }

    /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed application " + process.pid() + " is still running");
        }
    }

    /** A normal stop (SIGTERM), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private void awaitReady() {
        await("listen", () -> STARTED_ON_PORT.matcher(output()).find() ? true : null, true);
        ApplicationClient rest = rest();
        await("start", () -> {
            // Answers once the engine, its users (created by an application runner) and the models are there.
            ApplicationClient.Response answer = rest.as("admin").get("/process-definition/count");
            return answer.status() == 200 && answer.json().path("count").asLong() > 0 ? true : null;
        }, true);
    }

    /**
     * The first non-null value of {@code condition}, polled every 250 ms until the start's deadline. Fails if the
     * application exits meanwhile (unless {@code failOnExit} is false: the condition then sees it), or (and then kills
     * it) if the start has lasted too long.
     */
    private <T> T await(String what, Callable<T> condition, boolean failOnExit) {
        Duration left = Duration.between(Instant.now(), deadline);
        ConditionFactory polling = Awaitility.await("the application to " + what)
                .atMost(left.compareTo(Duration.ofMillis(1)) > 0 ? left : Duration.ofMillis(1))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).pollInSameThread();
        if (failOnExit) {
            polling = polling.failFast(() -> !process.isAlive());
        }
        try {
            return polling.until(condition, Objects::nonNull);
        } catch (TerminalFailureException exited) {
            throw new AssertionError("the application exited with " + process.exitValue() + " while starting; see "
                    + log);
        } catch (ConditionTimeoutException late) {
            process.destroyForcibly();
            throw new AssertionError("the application did not " + what + " within " + startTimeout.toSeconds()
                    + " s; see " + log);
        }
    }

    /**
     * The classpath this test runs with, less the test classes: those hold configurations meant for single tests,
     * which the application's component scan would pick up.
     */
    private static String applicationClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
