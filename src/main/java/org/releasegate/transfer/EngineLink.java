package org.releasegate.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.releasegate.AgentComponents;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.releasegate.worker.WorkerCredentials;
import org.releasegate.worker.WorkerProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * An agent's way to the engine node's {@code /transfer/} endpoints: beside the REST API it is configured with
 * ({@code …/engine-rest} → {@code …/transfer/}), with the same login. Plain {@link HttpURLConnection}: it streams a
 * body of any size in chunks, and {@link HttpURLConnection#disconnect()} from another thread ends a transfer stuck on
 * a dead link ({@link Watchdog}).
 */
@Component
@Profile(AgentComponents.PROFILE)
class EngineLink {

    private static final Logger LOG = LoggerFactory.getLogger(EngineLink.class);

    private final URI base;
    private final String authorization;

    EngineLink(WorkerProperties worker, WorkerCredentials credentials) {
        String url = worker.engineUrl() == null ? "" : worker.engineUrl().trim().replaceAll("/+$", "");
        if (url.endsWith("/engine-rest")) {
            url = url.substring(0, url.length() - "/engine-rest".length());
        }
        this.base = URI.create(url + TransferAuthentication.PATH + "/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":"
                + credentials.password().orElse("")).getBytes(StandardCharsets.UTF_8));
    }

    HttpURLConnection open(String method, String path, Duration readTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        connection.setRequestProperty("Authorization", authorization);
        connection.setRequestProperty(TransferProtocol.HEADER, TransferProtocol.VERSION);
        connection.setUseCaches(false);
        return connection;
    }

    URI base() {
        return base;
    }

    /**
     * The engine node did not send {@code what}: its whole answer goes to the log, the failure says in French what
     * {@code key} says (its one argument {@code subject}) and why — the engine node's own words when it sent some
     * (French, as its answers to agents are), else only the status.
     */
    IOException refused(HttpURLConnection connection, String what, String key, String subject) throws IOException {
        int status = connection.getResponseCode();
        String refusal = refusal(connection);
        LOG.warn("Release Gate ({}) did not send {}: {}", base, what, refusal);
        String prefix = "HTTP " + status + ": ";
        String reason = refusal.startsWith(prefix) && !refusal.substring(prefix.length()).startsWith("{")
                ? refusal.substring(prefix.length()) : Messages.text("transfer.not-sent.status", status);
        return new IOException(Messages.text(key, subject, reason));
    }

    /** The engine node's answer to a refusal, short, for the log. */
    static String refusal(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            String body = error == null ? "" : new String(error.readNBytes(600), StandardCharsets.UTF_8);
            return "HTTP " + connection.getResponseCode() + (body.isBlank() ? "" : ": " + body.strip());
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
