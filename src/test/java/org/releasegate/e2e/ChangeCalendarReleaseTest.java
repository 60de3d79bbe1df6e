package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT_REOPENED_AT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_TEXT;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.ofTaskLocal;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The change calendar on the demo, end to end: marie puts a calendar over REST whose only window is in three days; the
 * acceptance form tells paul when production will change; once accepted, production is archived in full while it
 * still runs and the release waits for the window with production untouched; nobody but an administrator can fire the
 * window early; in the window production is stopped, changed, started, confirmed and reopened.
 */
class ChangeCalendarReleaseTest extends IntegrationTest {

    private static final String START_FORM = "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY
            + "/deployed-start-form";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", Locale.FRENCH);

    @Autowired
    ManagementService managementService;
    @Autowired
    RepositoryService repositoryService;
    @LocalServerPort
    int port;

    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    /** The demo's own calendar (no constraint) for the tests that follow. */
    @AfterEach
    void putTheDemoBack() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void acceptedReleaseWaitsForTheCalendarsWindowWithProductionUntouched() throws Exception {
        LocalDate windowDay = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        Response put = client.as("marie").putJson("/api/change-calendar",
                "{\"zone\": \"UTC\", \"windows\": [{\"date\": \"" + windowDay + "\", \"from\": \"20:00\", "
                        + "\"to\": \"23:00\"}]}");
        assertThat(put.ok()).as(put.body()).isTrue();

        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        Task acceptance = steps.waitForTasks(releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0);
        assertThat(ofTaskLocal(taskService, acceptance.getId(), PRODUCTION_WINDOW_TEXT))
                .startsWith("Prochaine fenêtre : ").contains("de 20:00 à 23:00 (UTC)");

        Path productionData = HOME.resolve("demo/production/data");
        String productionBefore = FolderDigest.treeSha256(FolderDigest.of(productionData));
        steps.complete("paul", acceptance, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));

        Job window = ReleaseSteps.waitFor(() -> managementService.createJobQuery().processInstanceId(releaseId).timers()
                .activityId(Elements.PRODUCTION_WINDOW_REACHED).singleResult());
        assertThat(window.getDuedate().toInstant()).isEqualTo(windowDay.atTime(20, 0).toInstant(ZoneOffset.UTC));
        assertThat(ofRelease(runtimeService, releaseId, PRODUCTION_WINDOW_TEXT))
                .startsWith("Prochaine fenêtre de mise en production : ");
        assertThat(ofRelease(runtimeService, releaseId, BASE_DATA_ARCHIVE_ID)).as("archived before the window")
                .isNotNull();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(releaseId)
                .activityId(Elements.STOP_PRODUCTION).count()).as("production not stopped before its window").isZero();
        assertThat(FolderDigest.treeSha256(FolderDigest.of(productionData))).isEqualTo(productionBefore);

        // the window is the change board's: a release manager cannot fire it early, an administrator can
        assertThat(client.as("marie").post("/engine-rest/job/" + window.getId() + "/execute",
                null).status()).isEqualTo(403);
        assertThat(client.as("admin").post("/engine-rest/job/" + window.getId() + "/execute",
                null).status()).isEqualTo(204);

        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1,
                with(PRODUCTION_VERDICT, Choices.PRODUCTION_OK));
        HistoricProcessInstance release = ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());
        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION);
        List<String> production = historyService.createHistoricActivityInstanceQuery().processInstanceId(releaseId)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                .map(step -> step.getActivityId())
                .filter(List.of(Elements.ARCHIVE_PRODUCTION_BASE, Elements.PRODUCTION_WINDOW_REACHED,
                        Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA, Elements.INSTALL_IN_PRODUCTION,
                        Elements.START_PRODUCTION, Elements.CONFIRM_PRODUCTION, Elements.REOPEN_PRODUCTION)::contains)
                .toList();
        assertThat(production).containsExactly(Elements.ARCHIVE_PRODUCTION_BASE, Elements.PRODUCTION_WINDOW_REACHED,
                Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA, Elements.INSTALL_IN_PRODUCTION,
                Elements.START_PRODUCTION, Elements.CONFIRM_PRODUCTION, Elements.REOPEN_PRODUCTION);
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(releaseId)
                .variableName(ENVIRONMENT_REOPENED_AT.name()).singleResult()).isNotNull();
    }

    /**
     * A weekly window whose next occurrence falls in a freeze, put by marie: everyone reads it, a tester may not
     * replace it; the start form, as the engine's API and Tasklist's serve it, says the freeze and lists the next
     * windows after it; the acceptance form announces the first occurrence after the freeze, and the accepted release
     * waits for it.
     */
    @Test
    void aWeeklyWindowFrozenOnItsNextOccurrenceIsSkippedFromTheStartFormToTheProductionWindow() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate frozenOccurrence = today.plusDays(2);
        LocalDate nextOccurrence = frozenOccurrence.plusWeeks(1);
        String calendar = "{\"zone\": \"UTC\", \"windows\": [{\"days\": [\"" + frozenOccurrence.getDayOfWeek()
                + "\"], \"from\": \"20:00\", \"to\": \"23:00\"}], \"freezes\": [{\"name\": \"Inventaire\", "
                + "\"from\": \"" + today + "\", \"to\": \"" + frozenOccurrence + "\"}]}";
        Response put = client.as("marie").putJson("/api/change-calendar", calendar);
        assertThat(put.ok()).as(put.body()).isTrue();

        assertThat(client.as("theo").get("/api/change-calendar").json(Map.class)).isEqualTo(put.json(Map.class))
                .containsEntry("freezes", List.of(Map.of("name", "Inventaire", "from", today.toString(),
                        "to", frozenOccurrence.toString())));
        Response refused = client.as("theo").putJson("/api/change-calendar", "{\"zone\": \"UTC\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json(Map.class)).containsEntry("message", "seuls les responsables de mise en production et "
                + "les administrateurs modifient le calendrier des changements");
        assertThat(client.as("theo").get("/api/change-calendar").json(Map.class)).isEqualTo(put.json(Map.class));

        String window = " de 20:00 à 23:00 (UTC)";
        String startForm = startFormNextWindows(client.as("marie").get(START_FORM));
        assertThat(startForm).startsWith("**Gel « Inventaire » en cours** jusqu'au " + DAY.format(frozenOccurrence.plusDays(1))
                + " 00:00 (UTC)").contains("**Prochaines fenêtres de mise en production**")
                .contains("- " + DAY.format(nextOccurrence) + window + "\n- " + DAY.format(nextOccurrence.plusWeeks(1))
                        + window).doesNotContain(DAY.format(frozenOccurrence) + window);
        ApplicationClient tasklist = ApplicationClient.webapp(port, "marie", ApplicationClient.DEMO_PASSWORD, "tasklist");
        String definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                .latestVersion().singleResult().getId();
        assertThat(startFormNextWindows(tasklist.get("/camunda/api/engine/engine/default/process-definition/"
                + definition + "/deployed-start-form?noCache=1"))).isEqualTo(startForm);

        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        Task acceptance = steps.waitForTasks(releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0);
        assertThat(ofTaskLocal(taskService, acceptance.getId(), PRODUCTION_WINDOW_TEXT))
                .startsWith("Prochaine fenêtre : " + DAY.format(nextOccurrence) + window);
        steps.complete("paul", acceptance, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));

        Job timer = ReleaseSteps.waitFor(() -> managementService.createJobQuery().processInstanceId(releaseId).timers()
                .activityId(Elements.PRODUCTION_WINDOW_REACHED).singleResult());
        assertThat(timer.getDuedate().toInstant()).isEqualTo(nextOccurrence.atTime(20, 0).toInstant(ZoneOffset.UTC));
    }

    /**
     * The start form as served, with the text the calendar put in it; checked to be sent whole (its length), never
     * from a cache (it changes with the calendar).
     */
    private static String startFormNextWindows(Response served) {
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.header("Content-Length")).isEqualTo(String.valueOf(served.bytes().length));
        assertThat(served.header("Cache-Control")).isEqualTo("no-store");
        assertThat(served.header("ETag")).isNull();
        for (JsonNode component : served.json().path("components")) {
            if ("Field_NextWindows".equals(component.path("id").asText())) {
                return component.path("text").asText();
            }
        }
        throw new AssertionError("no next windows in the start form: " + served.body());
    }
}
