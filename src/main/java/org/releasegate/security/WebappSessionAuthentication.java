package org.releasegate.security;

import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Authenticates a request with the Camunda webapps' login: the user the webapps' session holds for this engine (the
 * {@code Authentications} Camunda's login stores in the HTTP session), else the next provider (HTTP basic). Only the
 * user's id is taken from the session; the filter reads their groups from the engine at every request, and a user
 * deleted since the login is no longer anyone. Only reads ride on the session: the webapps protect their modifying
 * requests with an XSRF token that these pages have not, so a modifying request must bring its own credentials.
 */
class WebappSessionAuthentication implements AuthenticationProvider {

    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final AuthenticationProvider next;

    WebappSessionAuthentication(AuthenticationProvider next) {
        this.next = next;
    }

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        return sessionUser(request, engine).map(AuthenticationResult::successful)
                .orElseGet(() -> next.extractAuthenticatedUser(request, engine));
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        next.augmentResponseByAuthenticationChallenge(response, engine);
    }

    /** The user logged in to the webapps in this request's session, if any (no session is created). */
    static Optional<String> sessionUser(HttpServletRequest request, ProcessEngine engine) {
        HttpSession session = request.getSession(false);
        if (session == null || !READS.contains(request.getMethod())) {
            return Optional.empty();
        }
        Authentication login = AuthenticationUtil.getAuthsFromSession(session)
                .getAuthenticationForProcessEngine(engine.getName());
        if (login == null || login.getIdentityId() == null) {
            return Optional.empty();
        }
        boolean stillExists = engine.getIdentityService().createUserQuery().userId(login.getIdentityId()).count() == 1;
        return stillExists ? Optional.of(login.getIdentityId()) : Optional.empty();
    }
}
