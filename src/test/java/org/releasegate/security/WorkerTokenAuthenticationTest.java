package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Duration;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.junit.jupiter.api.Test;
import org.releasegate.worker.WorkerCredentials;
import org.releasegate.worker.WorkerProperties;
import org.springframework.mock.web.MockHttpServletRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The in-process workers' token on the REST API: accepted from the loopback address only, never a password. */
class WorkerTokenAuthenticationTest {

    private final ProcessEngine engine = mock(ProcessEngine.class);
    private final WorkerCredentials inProcess = credentials(null);
    private final String token = inProcess.inProcessToken().orElseThrow();
    private final Basic basic = new Basic();
    private final WorkerTokenAuthentication authentication = new WorkerTokenAuthentication(inProcess, basic);

    @Test
    void theTokenFromTheLoopbackAddressIsTheWorkersUserWithoutAnyPasswordChecked() {
        for (String loopback : new String[] {"127.0.0.1", "::1"}) {
            AuthenticationResult result = authentication.extractAuthenticatedUser(request(loopback, token), engine);

            assertThat(result.isAuthenticated()).as(loopback).isTrue();
            assertThat(result.getAuthenticatedUser()).isEqualTo("release-gate-worker");
            assertThat(result.getGroups()).as("the filter looks up the user's groups").isNull();
        }
        assertThat(basic.calls).isZero();
        verifyNoInteractions(engine);
    }

    @Test
    void theTokenFromAnotherAddressGoesToHttpBasic() {
        AuthenticationResult result = authentication.extractAuthenticatedUser(request("10.1.2.3", token), engine);

        assertThat(result.isAuthenticated()).isFalse();
        assertThat(basic.calls).isOne();
    }

    @Test
    void aWrongTokenGoesToHttpBasic() {
        assertThat(authentication.extractAuthenticatedUser(request("127.0.0.1", token + "x"), engine).isAuthenticated())
                .isFalse();
        assertThat(authentication.extractAuthenticatedUser(request("127.0.0.1", ""), engine).isAuthenticated()).isFalse();
        assertThat(authentication.extractAuthenticatedUser(request("127.0.0.1", null), engine).isAuthenticated()).isFalse();
        assertThat(basic.calls).isEqualTo(3);
    }

    @Test
    void remoteWorkersHaveNoTokenAndTheirEngineAcceptsNone() {
        WorkerCredentials remote = credentials("https://engine.example.com/engine-rest");
        assertThat(remote.inProcessToken()).isEmpty();

        WorkerTokenAuthentication noToken = new WorkerTokenAuthentication(remote, basic);
        assertThat(noToken.extractAuthenticatedUser(request("127.0.0.1", token), engine).isAuthenticated()).isFalse();
        assertThat(noToken.extractAuthenticatedUser(request("127.0.0.1", "null"), engine).isAuthenticated()).isFalse();
    }

    @Test
    void everyStartHasItsOwnToken() {
        assertThat(credentials(null).inProcessToken()).isNotEqualTo(inProcess.inProcessToken());
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    }

    private static WorkerCredentials credentials(String engineUrl) {
        return new WorkerCredentials(new WorkerProperties(true, engineUrl, "release-gate-worker",
                engineUrl == null ? null : "remote-password", Duration.ofSeconds(60), Duration.ofSeconds(20), 3,
                Duration.ofSeconds(10)));
    }

    private static MockHttpServletRequest request(String remoteAddress, String presentedToken) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/external-task/count");
        request.setRemoteAddr(remoteAddress);
        if (presentedToken != null) {
            request.addHeader(WorkerCredentials.TOKEN_HEADER, presentedToken);
        }
        return request;
    }

    /** HTTP basic as the next provider: refuses (these requests carry no credentials) and counts its calls. */
    private static final class Basic implements AuthenticationProvider {
        int calls;

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            calls++;
            return AuthenticationResult.unsuccessful();
        }

        @Override
        public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        }
    }
}
