package org.releasegate.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.security.ApiCaller;
import org.releasegate.security.Roles;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The start form as the engine serves it, its placeholder filled with what the change calendar allows from now: no
 * constraint, the next windows long enough for the estimated downtime, the freeze in force; only for a member of our
 * groups, only on a start form's answer of 200, with its own length and no caching.
 */
class StartFormNextWindowsTest {

    private static final Path START_FORM = Path.of("bpmn/forms/start-release.form");
    /** Thursday 2026-12-24 10:00 in Paris. */
    private static final Instant CHRISTMAS_EVE = Instant.parse("2026-12-24T09:00:00Z");
    private static final String SATURDAYS_IN_A_FREEZE = "zone: Europe/Paris\nwindows:\n"
            + "  - { days: [SATURDAY], from: \"20:00\", to: \"23:00\" }\n"
            + "  - { date: 2027-01-07, from: \"20:00\", to: \"20:30\" }\n"
            + "freezes:\n  - { name: Fin d'année, from: 2026-12-20, to: 2027-01-03 }\n";

    @TempDir
    Path folder;

    private Optional<Duration> lastDowntimes = Optional.of(Duration.ofMinutes(45));
    private Authentication caller = new Authentication("marie", List.of(Roles.RELEASE_MANAGERS));
    private Authentication current;

    private StartFormNextWindows filter() {
        IdentityService identity = mock(IdentityService.class);
        when(identity.getCurrentAuthentication()).thenAnswer(call -> current);
        ProductionWindowPlanner planner = new ProductionWindowPlanner(
                new ChangeCalendar(folder.resolve("change-calendar.yaml")),
                Clock.fixed(CHRISTMAS_EVE, ZoneId.of("Europe/Paris")), new DowntimeEstimate(() -> lastDowntimes));
        return new StartFormNextWindows(planner, new ApiCaller(identity));
    }

    /** The deployed form served at {@code uri} by an engine that answers {@code status} as {@link #caller}. */
    private MockHttpServletResponse serve(String uri, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] form = Files.readAllBytes(START_FORM);
        FilterChain engine = (req, res) -> {
            current = caller; // the authentication filter's doing, cleared once the engine has answered
            HttpServletResponse answer = (HttpServletResponse) res;
            answer.setStatus(status);
            answer.setContentType("application/json");
            answer.setContentLength(form.length);
            answer.getOutputStream().write(form);
            current = null;
        };
        filter().doFilter(request, response, engine);
        return response;
    }

    private static String placeholder(MockHttpServletResponse response) throws IOException {
        JsonNode form = new ObjectMapper().readTree(response.getContentAsByteArray());
        for (JsonNode component : form.path("components")) {
            if (StartFormNextWindows.PLACEHOLDER.equals(component.path("id").asText())) {
                return component.path("text").asText();
            }
        }
        throw new AssertionError("no placeholder in the start form");
    }

    private void calendar(String text) throws IOException {
        Files.writeString(folder.resolve("change-calendar.yaml"), text);
    }

    @Test
    void withoutACalendarTheFormSaysThereIsNoConstraint() throws Exception {
        MockHttpServletResponse response = serve("/engine-rest/process-definition/key/release-policy/deployed-start-form", 200);

        assertThat(placeholder(response)).startsWith("**Calendrier des changements : aucune contrainte.**");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("ETag")).isNull();
    }

    @Test
    void aCalendarThatListsNothingIsNoConstraintEither() throws Exception {
        calendar("zone: Europe/Paris\nwindows: []\nfreezes: []\n");

        assertThat(placeholder(serve("/engine-rest/process-definition/key/release-policy/deployed-start-form", 200)))
                .startsWith("**Calendrier des changements : aucune contrainte.**");
    }

    @Test
    void theFormListsTheWindowsLongEnoughAfterTheFreezeInForce() throws Exception {
        calendar(SATURDAYS_IN_A_FREEZE);

        String text = placeholder(serve("/camunda/api/engine/engine/default/process-definition/release-policy:3:abc"
                + "/deployed-start-form", 200));

        assertThat(text).isEqualTo("""
                **Gel « Fin d'année » en cours** jusqu'au lundi 04/01/2027 00:00 (heure de Paris) : la production \
                n'est pas modifiée avant.

                **Prochaines fenêtres de mise en production** du calendrier des changements assez longues pour \
                l'interruption estimée : 45 min (la plus longue des 5 dernières mises en production) :
                - samedi 09/01/2027 de 20:00 à 23:00 (heure de Paris)
                - samedi 16/01/2027 de 20:00 à 23:00 (heure de Paris)
                - samedi 23/01/2027 de 20:00 à 23:00 (heure de Paris)""");
    }

    @Test
    void aTenantsFormIsFilledToo() throws Exception {
        calendar(SATURDAYS_IN_A_FREEZE);
        lastDowntimes = Optional.empty();

        assertThat(placeholder(serve("/engine-rest/process-definition/key/release-policy/tenant-id/acme"
                + "/deployed-start-form", 200))).contains("- jeudi 07/01/2027 de 20:00 à 20:30 (heure de Paris)");
    }

    @Test
    void noneButAMemberOfOurGroupsGetsTheCalendarAndNoAnswerButTheFormIsChanged() throws Exception {
        calendar(SATURDAYS_IN_A_FREEZE);
        byte[] deployed = Files.readAllBytes(START_FORM);
        String asDeployed = new String(deployed, StandardCharsets.UTF_8);

        caller = new Authentication("sophie", List.of(Roles.PROCESS_OWNERS));
        assertThat(serve("/engine-rest/process-definition/key/release-policy/deployed-start-form", 200)
                .getContentAsString(StandardCharsets.UTF_8)).isEqualTo(asDeployed);
        caller = new Authentication("marie", List.of(Roles.RELEASE_MANAGERS));
        assertThat(serve("/engine-rest/process-definition/key/release-policy/deployed-start-form", 403)
                .getContentAsString(StandardCharsets.UTF_8)).isEqualTo(asDeployed);
        assertThat(serve("/engine-rest/task/42/deployed-form", 200).getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(asDeployed);
    }
}
