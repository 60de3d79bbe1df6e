package org.releasegate.health;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.releasegate.command.ChildProcess;
import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.springframework.stereotype.Component;

/**
 * Tells whether an environment works: runs its health command in the installed version's folder (exit code 0 is
 * healthy) or calls its health URL (2xx is healthy). The verdict always comes with what the check printed. The
 * command gets {@code RELEASEGATE_INSTALL_DIR} and {@code RELEASEGATE_DATA_DIR} (a data folder only), besides what
 * {@link ChildProcess} gives every program; it is killed with its children when it outlives its timeout.
 */
@Component
public class HealthCheck {

    static final int MAX_OUTPUT = 4000;

    public record Report(boolean healthy, String output) {
    }

    /** @param dataFolder the environment's data folder, or null when its data is in a database */
    public Report run(HealthCheckSettings settings, Path installedFolder, Path dataFolder) throws InterruptedException {
        if (settings == null || (settings.command() == null || settings.command().isEmpty()) && settings.url() == null) {
            throw new IllegalStateException("No health check configured (health.command or health.url)");
        }
        Duration timeout = settings.timeout() == null ? Duration.ofSeconds(60) : settings.timeout();
        return settings.url() != null ? callUrl(settings.url(), timeout) : runCommand(settings.command(), installedFolder, dataFolder, timeout);
    }

    private static Report runCommand(List<String> command, Path installedFolder, Path dataFolder, Duration timeout)
            throws InterruptedException {
        if (!Files.isDirectory(installedFolder)) {
            return new Report(false, "No version is installed (" + installedFolder + " does not exist)");
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("RELEASEGATE_INSTALL_DIR", installedFolder.toString());
        if (dataFolder != null) {
            environment.put("RELEASEGATE_DATA_DIR", dataFolder.toString());
        }
        ChildProcess.Result result;
        try {
            result = ChildProcess.run(command, environment, installedFolder, timeout, MAX_OUTPUT);
        } catch (InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        } catch (IOException e) {
            return new Report(false, "Health check " + command + " could not run: " + e.getMessage());
        }
        if (result.outcome().timedOut()) {
            return new Report(false, "Health check " + command + " did not answer within " + timeout.toSeconds()
                    + " s\n" + result.output());
        }
        int exitCode = result.outcome().exitCode();
        return new Report(exitCode == 0, "$ " + String.join(" ", command) + " → exit code " + exitCode + "\n"
                + result.output());
    }

    private static Report callUrl(URI url, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean healthy = response.statusCode() / 100 == 2;
            return new Report(healthy, "GET " + url + " → HTTP " + response.statusCode() + "\n" + tail(response.body()));
        } catch (IOException e) {
            return new Report(false, "GET " + url + " failed: " + e.getMessage());
        }
    }

    private static String tail(String text) {
        return text.length() <= MAX_OUTPUT ? text : "…" + text.substring(text.length() - MAX_OUTPUT);
    }
}
