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
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The change calendar on the demo, end to end: marie puts a calendar over REST whose only window is in three days; the
 * acceptance form tells paul when production will change; once accepted, production is archived in full while it
 * still runs and the release waits for the window with production untouched; nobody but an administrator can fire the
 * window early; in the window production is stopped, changed, started, confirmed and reopened.
 */
class ChangeCalendarReleaseTest extends IntegrationTest {

    @Autowired
    ManagementService managementService;


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
}
