package org.releasegate.e2e;

import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.releasegate.ReleaseGateApplication;

/**
 * Release Gate running in a JVM of its own, started with the test's classpath (without the test classes), its
 * output appended to a log file: a process the test can kill like a crashed server.
 */
final class ChildApplication implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    /** An agent has no web server: it is ready once its workers are subscribed. */
    private static final Pattern WORKERS_SUBSCRIBED = Pattern.compile("Workers subscribed to (\\[.*\\])");

    private final Process process;
    private final Path log;
    private final EngineRestClient rest;

    private ChildApplication(Process process, int port, Path log) {
        this.process = process;
        this.log = log;
        this.rest = port < 0 ? null : new EngineRestClient(port);
    }

    /**
     * Starts the application with {@code arguments} (Spring's {@code --name=value}) and {@code environment} added to
     * this JVM's, on a free port; returns once its REST API answers.
     */
    static ChildApplication start(List<String> arguments, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        // Port 0: the application binds a free port itself and logs it; a port chosen here and bound seconds later
        // could be taken in between.
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        long startOfThisRun = prepareLog(log);
        Process process = launch(arguments, environment, log);
        int port = Integer.parseInt(awaitLine(process, log, startOfThisRun, deadline, STARTED_ON_PORT).group(1));
        ChildApplication child = new ChildApplication(process, port, log);
        child.awaitReady(deadline);
        return child;
    }

    /**
     * Starts an agent (profile {@code agent} among the arguments): no web server, no REST API of its own; returns once
     * its workers are subscribed, with the topics they fetch.
     */
    static ChildApplication startAgent(List<String> arguments, Map<String, String> environment, Path log,
                                       List<String> subscribedTopics) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        long startOfThisRun = prepareLog(log);
        Process process = launch(arguments, environment, log);
        String topics = awaitLine(process, log, startOfThisRun, deadline, WORKERS_SUBSCRIBED).group(1);
        subscribedTopics.addAll(Arrays.asList(topics.substring(1, topics.length() - 1).split(",\\s*")));
        return new ChildApplication(process, -1, log);
    }

    private static long prepareLog(Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "\n===== " + Instant.now() + " start\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return Files.size(log);
    }

    private static Process launch(List<String> arguments, Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", applicationClasspath(),
                ReleaseGateApplication.class.getName(),
                "--server.port=0"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    EngineRestClient rest() {
        return rest;
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

    /** The first line of this run's log that matches {@code pattern}, once it is written. */
    private static Matcher awaitLine(Process process, Path log, long startOfThisRun, Instant deadline, Pattern pattern)
            throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            String output;
            try (var channel = Files.newByteChannel(log)) {
                channel.position(startOfThisRun);
                output = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher started = pattern.matcher(output);
            if (started.find()) {
                return started;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the application exited with " + process.exitValue() + " while starting; see "
                        + log);
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("the application did not log /" + pattern + "/ within " + START_TIMEOUT.toSeconds()
                + " s; see " + log);
    }

    private void awaitReady(Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited with " + process.exitValue() + " while starting; see " + log);
            }
            // Answers once the engine, its users (created by an application runner) and the models are there.
            EngineRestClient.Response answer = rest.send("admin", "GET", "/process-definition/count", null);
            if (answer.status() == 200 && answer.json().path("count").asLong() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("the application did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
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
