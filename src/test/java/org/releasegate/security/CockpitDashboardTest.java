package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cockpit's dashboard and its « Processus » page, as the people who follow releases open them (release managers,
 * operations): what each counts comes from these queries of the webapps' API, which count only what the user may read.
 * A group without READ on the release policy's definition sees « 0 » everywhere.
 */
class CockpitDashboardTest extends IntegrationTest {

    private static final String ENGINE = "/camunda/api/engine/engine/default";
    private static final String COCKPIT = "/camunda/api/cockpit/plugin/base/default";

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"marie", "olivia"})
    void theDashboardCountsTheReleasePolicyItsDecisionAndItsDeployment(String user) {
        ApplicationClient cockpit = ApplicationClient.webapp(port, user, ApplicationClient.DEMO_PASSWORD, "cockpit");

        assertThat(cockpit.getJson(ENGINE + "/process-definition/count?latestVersion=true").path("count").asInt())
                .as("« Définitions de processus » of the dashboard").isEqualTo(1);
        assertThat(cockpit.getJson(ENGINE + "/decision-definition/count?latestVersion=true").path("count").asInt())
                .as("« Définitions de décisions »").isEqualTo(1);
        assertThat(cockpit.getJson(ENGINE + "/deployment/count").path("count").asInt()).as("« Déploiements »")
                .isGreaterThanOrEqualTo(1);
        assertThat(cockpit.getJson(COCKPIT + "/process-definition/statistics-count").path("count").asInt())
                .as("the list of the « Processus » page").isEqualTo(1);
    }
}
