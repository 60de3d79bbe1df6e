package org.releasegate.worker;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * The user the workers authenticate as. In-process workers get a fresh random password at every start, which
 * {@code IdentitySetup} sets on the engine user: no worker secret is configured, stored or shipped.
 */
@Component
public class WorkerCredentials {

    private final String username;
    private final String password;

    WorkerCredentials(WorkerProperties properties) {
        this.username = properties.username();
        this.password = properties.password() == null || properties.password().isBlank()
                ? randomPassword()
                : properties.password();
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
