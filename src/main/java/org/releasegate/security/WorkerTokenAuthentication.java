package org.releasegate.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.releasegate.worker.WorkerCredentials;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates this application's own workers on its REST API without a password: a request from the loopback
 * address whose {@link WorkerCredentials#TOKEN_HEADER} carries this start's token is the workers' user, with its
 * groups. No password is checked, so failed logins on that user (Camunda's throttling, its lock) never stop the
 * workers. Every other request goes to the next provider (HTTP basic).
 */
class WorkerTokenAuthentication implements AuthenticationProvider {

    private final String username;
    private final byte[] token;
    private final AuthenticationProvider next;

    WorkerTokenAuthentication(WorkerCredentials credentials, AuthenticationProvider next) {
        this.username = credentials.username();
        this.token = credentials.inProcessToken().map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.next = next;
    }

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        String presented = request.getHeader(WorkerCredentials.TOKEN_HEADER);
        if (token != null && presented != null && fromLoopback(request)
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return AuthenticationResult.successful(username);
        }
        return next.extractAuthenticatedUser(request, engine);
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        next.augmentResponseByAuthenticationChallenge(response, engine);
    }

    /** The connection's peer: an IP literal, so no name is looked up. */
    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
