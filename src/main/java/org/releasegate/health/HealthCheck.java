package org.releasegate.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.springframework.stereotype.Component;

/**
 * Tells whether an environment works: runs its health command in the installed version's folder (exit code 0 is
 * healthy) or calls its health URL (2xx is healthy). The verdict always comes with what the check printed.
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
        try {
            Path output = Files.createTempFile("release-gate-health", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(installedFolder.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                Map<String, String> environment = builder.environment();
                environment.put("RELEASEGATE_INSTALL_DIR", installedFolder.toString());
                if (dataFolder != null) {
                    environment.put("RELEASEGATE_DATA_DIR", dataFolder.toString());
                }
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Report(false, "Health check " + command + " did not answer within " + timeout.toSeconds()
                            + " s\n" + tail(Files.readString(output, StandardCharsets.UTF_8)));
                }
                String printed = tail(Files.readString(output, StandardCharsets.UTF_8));
                return new Report(process.exitValue() == 0, "$ " + String.join(" ", command) + " → exit code "
                        + process.exitValue() + "\n" + printed);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Report(false, "Health check " + command + " could not run: " + e.getMessage());
        }
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
