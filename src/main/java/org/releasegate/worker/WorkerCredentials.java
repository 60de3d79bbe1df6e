package org.releasegate.worker;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * How the workers authenticate. In-process workers send a random token generated at every start, which only this
 * application's REST API accepts, from the loopback address ({@code WorkerTokenAuthentication}): they never log in
 * with a password, so repeated bad logins on their user cannot stop them. Remote workers (an engine URL is set) log
 * in with the configured user and password.
 */
@Component
public class WorkerCredentials {

    /** The request header that carries the in-process workers' token. */
    public static final String TOKEN_HEADER = "X-Release-Gate-Worker-Token";

    private final String username;
    private final String password;
    private final String token;

    public WorkerCredentials(WorkerProperties properties) {
        this.username = properties.username();
        this.password = properties.password() == null || properties.password().isBlank() ? null : properties.password();
        this.token = properties.usesOwnEngine() ? random() : null;
        if (properties.enabled() && !properties.usesOwnEngine() && password == null) {
            throw new IllegalStateException("releasegate.worker.password (RELEASEGATE_WORKER_PASSWORD) is required "
                    + "when the workers call a remote engine (" + properties.engineUrl() + ")");
        }
    }

    public String username() {
        return username;
    }

    /** The configured password, which remote workers log in with; empty when none is configured. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The token of this start's in-process workers; empty when the workers call a remote engine. */
    public Optional<String> inProcessToken() {
        return Optional.ofNullable(token);
    }

    /** A password nobody knows: the workers' user gets one at every start unless a password is configured. */
    public static String unusablePassword() {
        return random();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
