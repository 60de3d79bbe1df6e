package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FolderDigest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;

/** When an automated step fails, production stays as it was and a person sees why. */
class FailingStepsTest extends IntegrationTest {

    @Autowired
    Installer installer;

    private final Path demo = HOME.resolve("demo");

    /** Production on 1.0: after a test that put 1.1 in production, a 1.1 release has an empty road book. */
    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void installerOfTheWrongVersionGoesToTheReleaseManagerWithTheReason() throws Exception {
        String productionBefore = FolderDigest.treeSha256(FolderDigest.of(demo.resolve("production/data")));
        String versionBefore = installer.installedVersion(demo.resolve("production/app")).orElseThrow();
        String releaseId = steps.start("marie", "gestan-1.0.zip", "1.1");

        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_SETUP_FAILURE, 1).get(0);
        assertThat(ofTask(taskService, decision.getId(), FAILURE_REASON))
                .as("the reason the decision shows, in French, without a server path")
                .isEqualTo("Le paquet « gestan-1.0.zip » installe la version 1.0, la mise en production attend la "
                        + "version 1.1. Rien n'a été installé.");
        steps.completeEach(releaseId, "marie", Elements.DECIDE_SETUP_FAILURE, 1,
                with(SETUP_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Mauvais fichier"));

        ReleaseSteps.waitFor(() -> runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).count() == 0
                ? true : null);
        assertThat(FolderDigest.treeSha256(FolderDigest.of(demo.resolve("production/data")))).isEqualTo(productionBefore);
        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains(versionBefore);
    }

    @Test
    void technicalFailureBecomesAnIncidentThatOperationsRetry() throws Exception {
        startFromTheDemoAsOnFirstStart(); // production on 1.0: the 1.1 road book has changes to verify
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE,
                taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(Elements.VERIFY_CHANGE).list().size(),
                with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));

        Path archives = demo.resolve("archives");
        Path aside = demo.resolve("archives-aside");
        Files.move(archives, aside);
        Files.writeString(archives, "a file where the archive folder should be");
        try {
            steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1,
                    with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
            Incident incident = ReleaseSteps.waitFor(() -> runtimeService.createIncidentQuery()
                    .processInstanceId(releaseId).singleResult());
            assertThat(incident.getActivityId()).as("the first archive after the acceptance")
                    .isEqualTo(Elements.ARCHIVE_PRODUCTION_BASE);
            assertThat(incident.getIncidentMessage()).isEqualTo(
                    "Quelque chose occupe déjà la place (un fichier là où un dossier est attendu ?) : « archives »");
        } finally {
            Files.delete(archives);
            Files.move(aside, archives);
        }

        String externalTaskId = runtimeService.createIncidentQuery().processInstanceId(releaseId).singleResult()
                .getConfiguration();
        assertThat(client.as("olivia").put("/engine-rest/external-task/" + externalTaskId + "/retries",
                Map.of("retries", 1)).status()).isEqualTo(204);
        steps.waitForTasks(releaseId, Elements.CONFIRM_PRODUCTION, 1);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(releaseId).count()).isZero();
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }
}
