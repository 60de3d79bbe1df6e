package org.releasegate.health;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.releasegate.command.ChildProcess;
import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells whether an environment works: runs its health command (exit code 0 is healthy) or calls its health URL (2xx
 * is healthy). The verdict always comes with what the check printed. The command runs in the folder
 * {@link HealthCheckFolders} chose and gets {@code RELEASEGATE_INSTALL_DIR} and {@code RELEASEGATE_DATA_DIR} (a data
 * folder only), besides what {@link ChildProcess} gives every program; it is killed with its children when it
 * outlives its timeout.
 * <p>
 * The report is shown to the person who confirms production: it is French and names no folder of this server (those
 * go to the log, for the operators).
 */
@Component
public class HealthCheck {

    static final int MAX_OUTPUT = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);

    public record Report(boolean healthy, String output) {
    }

    /** @param dataFolder the environment's data folder, or null when its data is in a database */
    public Report run(HealthCheckSettings settings, HealthCheckFolders folders, Path dataFolder) throws InterruptedException {
        if (settings == null || (settings.command() == null || settings.command().isEmpty()) && settings.url() == null) {
            throw new IllegalStateException("No health check configured (health.command or health.url)");
        }
        Duration timeout = settings.timeout() == null ? Duration.ofSeconds(60) : settings.timeout();
        return settings.url() != null ? callUrl(settings.url(), timeout) : runCommand(settings.command(), folders, dataFolder, timeout);
    }

    private static Report runCommand(List<String> command, HealthCheckFolders folders, Path dataFolder, Duration timeout)
            throws InterruptedException {
        String shown = Messages.text("healthcheck.command", shown(command));
        if (!Files.isDirectory(folders.workingDirectory())) {
            if (folders.configured()) {
                LOG.warn("Health check {} not run: its working directory {} (health.working-directory) does not exist",
                        command, folders.workingDirectory());
                return new Report(false, Messages.text("healthcheck.no-working-directory", shown));
            }
            LOG.info("Health check {} not run: {} does not exist, no version is installed", command, folders.workingDirectory());
            return new Report(false, Messages.text("healthcheck.nothing-installed", shown));
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("RELEASEGATE_INSTALL_DIR", folders.installed().toString());
        if (dataFolder != null) {
            environment.put("RELEASEGATE_DATA_DIR", dataFolder.toString());
        }
        ChildProcess.Result result;
        try {
            result = ChildProcess.run(command, environment, folders.workingDirectory(), timeout, MAX_OUTPUT);
        } catch (InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        } catch (IOException e) {
            // The exception names the server's folders: the log gets it, the report says what to look at.
            LOG.warn("Health check {} could not run in {}", command, folders.workingDirectory(), e);
            return new Report(false, Messages.text("healthcheck.not-runnable", shown));
        }
        if (result.outcome().timedOut()) {
            return new Report(false, Messages.text("healthcheck.timeout", shown, timeout.toSeconds()) + "\n" + result.output());
        }
        int exitCode = result.outcome().exitCode();
        return new Report(exitCode == 0, Messages.text("healthcheck.exit-code", shown(command), exitCode) + "\n" + result.output());
    }

    private static Report callUrl(URI url, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean healthy = response.statusCode() / 100 == 2;
            return new Report(healthy, "GET " + url + " → HTTP " + response.statusCode() + "\n" + tail(response.body()));
        } catch (IOException e) {
            LOG.warn("Health check GET {} failed", url, e);
            // The exception's class and English message are the log's (above): people read that nothing answered.
            String why = e instanceof HttpTimeoutException ? Messages.text("healthcheck.url.timeout", timeout.toSeconds())
                    : Messages.text("healthcheck.url.no-answer");
            return new Report(false, "GET " + url + " → " + why);
        }
    }

    /**
     * The command as operations and people read it in the health report: an argument that is an absolute path on the
     * server is named by its file name ({@code /opt/gestan/bin/check.sh} → {@code check.sh}); the log has it whole.
     */
    static String shown(List<String> command) {
        return command.stream().map(argument -> argument.startsWith("/") && !argument.contains(" ")
                && argument.length() > 1 ? Path.of(argument).getFileName().toString() : argument)
                .collect(Collectors.joining(" "));
    }

    private static String tail(String text) {
        return text.length() <= MAX_OUTPUT ? text : "…" + text.substring(text.length() - MAX_OUTPUT);
    }
}
