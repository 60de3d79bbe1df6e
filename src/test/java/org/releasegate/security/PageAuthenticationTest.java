package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Release Gate's own pages (the view of every release, the reports) take the webapps' login: whoever logged in to
 * Tasklist or Cockpit gets in with that session, no second login; scripts still send HTTP basic; a browser with
 * neither is sent to the login page, a script gets 401.
 */
class PageAuthenticationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void aReleaseManagerLoggedInToTasklistOrCockpitReachesTheViewWithThatSession() {
        for (String app : new String[] {"tasklist", "cockpit"}) {
            Response view = ApplicationClient.webapp(port, "marie", "demo", app).get("/releases");
            assertThat(view.status()).as(app).isEqualTo(200);
            assertThat(view.body()).contains("<h1>Mises en production</h1>");
        }
    }

    @Test
    void theSessionCarriesWhoIsLoggedInAndTheirRightsNotMore() {
        Response tester = ApplicationClient.webapp(port, "theo", "demo", "tasklist").get("/releases");
        assertThat(tester.status()).isEqualTo(403);
        assertThat(tester.body()).contains("réservés à qui peut consulter l&#39;historique");
    }

    @Test
    void afterLoggingOutOfTheWebappsTheSessionNoLongerOpensTheView() {
        ApplicationClient marie = ApplicationClient.webapp(port, "marie", "demo", "cockpit");
        assertThat(marie.postForm("/camunda/api/admin/auth/user/default/logout", java.util.Map.of()).ok()).isTrue();
        assertThat(marie.get("/releases").status()).isEqualTo(401);
    }

    @Test
    void withoutASessionScriptsGetTheBasicChallengeAndBrowsersTheLoginPage() {
        Response script = ApplicationClient.anonymous(port).get("/releases");
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
        assertThat(ApplicationClient.basic(port, "olivia", "demo").get("/releases").status()).isEqualTo(200);
        assertThat(ApplicationClient.basic(port, "olivia", "wrong").get("/releases").status()).isEqualTo(401);

        Response browser = ApplicationClient.anonymous(port)
                .withHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").get("/releases");
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/camunda/app/tasklist/"));
    }

    @Test
    void theOldListOfReportsLeadsToTheView() {
        Response old = ApplicationClient.basic(port, "marie", "demo").get("/reports");
        assertThat(old.status()).isEqualTo(302);
        assertThat(old.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/releases"));
    }

    @Test
    void aSessionDoesNotAuthenticateAModifyingRequest() {
        // The webapps guard their modifying requests with an XSRF token these pages have not: a forged cross-site
        // POST carrying marie's cookie must not run as marie.
        Response forged = ApplicationClient.webapp(port, "marie", "demo", "tasklist").withoutXsrfHeader()
                .postForm("/releases", java.util.Map.of());
        assertThat(forged.status()).isEqualTo(401);
    }
}
