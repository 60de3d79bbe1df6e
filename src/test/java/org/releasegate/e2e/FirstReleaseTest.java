package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_WARNING;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.testsupport.ReleaseVariables.ofTaskLocal;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first release Release Gate manages: production runs 1.0, installed before it, and its installer was never
 * archived. The acceptance says plainly that a rollback would be impossible; accepted without saying so, the gate keeps
 * production from being stopped; once marie archives the 1.0 installer as the baseline, the release goes on.
 */
class FirstReleaseTest extends IntegrationTest {

    @Autowired
    ManagementService managementService;


    @BeforeEach
    void productionAsBeforeReleaseGate() throws Exception {
        startFromTheDemoAsOnFirstStart();
        // The demo archives the installer of the 1.0 it installs; a company's production has no such archive.
        FileTrees.deleteRecursively(HOME.resolve("demo/archives/installer-1.0-demo"));
    }

    @AfterEach
    void putTheDemoBack() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRollbackThatWouldBeImpossibleIsSaidAndMustBeAcceptedOrTheBaselineArchived() throws Exception {
        Response before = client.as("theo").get("/api/baseline");
        assertThat(before.json(Map.class)).containsEntry("productionVersion", "1.0")
                .containsEntry("rollbackPossible", false);

        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        Task acceptance = steps.waitForTasks(releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0);
        assertThat(ofTaskLocal(taskService, acceptance.getId(), ROLLBACK_WARNING))
                .startsWith("Retour arrière impossible : le programme d'installation de la version 1.0");

        Path production = HOME.resolve("demo/production");
        String productionBefore = FolderDigest.treeSha256(FolderDigest.of(production.resolve("data")))
                + Files.readSymbolicLink(production.resolve("app/current"));
        steps.complete("paul", acceptance, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));

        Incident refused = ReleaseSteps.waitFor(() -> runtimeService.createIncidentQuery().processInstanceId(releaseId)
                .singleResult());
        assertThat(refused.getIncidentMessage()).contains("Arrêter la production")
                .contains("Retour arrière impossible").contains("La recette définitive ne l'a pas accepté")
                .contains("La production n'a pas été touchée");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(releaseId)
                .activityId(Elements.STOP_PRODUCTION).finished().count()).isZero();
        assertThat(FolderDigest.treeSha256(FolderDigest.of(production.resolve("data")))
                + Files.readSymbolicLink(production.resolve("app/current"))).isEqualTo(productionBefore);

        assertThat(client.as("theo").post("/api/baseline",
                Map.of("package", "gestan-1.0.zip")).status()).isEqualTo(403);
        Response wrong = client.as("marie").post("/api/baseline",
                Map.of("package", "gestan-1.1.zip"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json(Map.class).get("message").toString()).contains("installe la version 1.1")
                .doesNotContain(HOME.toString());
        Response taken = client.as("marie").post("/api/baseline",
                Map.of("package", "gestan-1.0.zip"));
        assertThat(taken.status()).isEqualTo(201);
        assertThat(taken.json(Map.class).get("installerArchive").toString()).startsWith("installer-1.0-baseline-");

        // operations retry the refused step from Cockpit: the gate asks again, and the baseline is there now
        managementService.setJobRetries(refused.getConfiguration(), 1);
        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1,
                with(PRODUCTION_VERDICT, Choices.PRODUCTION_OK));
        HistoricProcessInstance release = ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());
        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION);
    }
}
