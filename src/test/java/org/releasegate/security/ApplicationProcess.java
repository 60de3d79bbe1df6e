package org.releasegate.security;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.ReleaseGateApplication;

/**
 * The application run as an operator runs it: its own JVM, settings in environment variables and arguments. A second
 * Camunda application inside the test JVM would share Camunda's JVM-wide registries (engines, webapp filters,
 * container services) with the shared test context and break it when it stops.
 */
final class ApplicationProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final String STARTED = "Started " + ReleaseGateApplication.class.getSimpleName();

    private final Process process;
    private final Path log;

    private ApplicationProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the application and waits until it has started or has stopped. */
    static ApplicationProcess start(Path home, Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // starts faster; this JVM only lives for a few requests
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ReleaseGateApplication.class.getName()));
        command.addAll(arguments);
        Path log = home.resolve("application.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RELEASEGATE_") || name.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        try {
            ApplicationProcess application = new ApplicationProcess(builder.start(), log);
            application.awaitStartedOrStopped();
            return application;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    int port() {
        Matcher port = PORT.matcher(log());
        if (!port.find()) {
            throw new IllegalStateException("No port in the application's log:\n" + log());
        }
        return Integer.parseInt(port.group(1));
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitStartedOrStopped() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (process.isAlive() && !log().contains(STARTED)) {
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("Not started after " + START_TIMEOUT + ":\n" + log());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
