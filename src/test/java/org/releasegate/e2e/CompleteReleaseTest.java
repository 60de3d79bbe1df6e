package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.files.FolderDigest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A whole release of the demo, driven through the REST API as the demo users would through Tasklist, with the
 * real workers doing the copy, installs and archives on real files.
 */
class CompleteReleaseTest extends IntegrationTest {

    @Autowired
    Installer installer;
    @Autowired
    ArchiveStore archives;

    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void demoReleaseReachesProductionWithMigratedDataAndVerifiedArchives() throws Exception {
        Path demo = HOME.resolve("demo");
        Path productionData = demo.resolve("production/data");
        String productionBefore = FolderDigest.treeSha256(FolderDigest.of(productionData));
        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.0");
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        assertThat(steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3)).extracting(steps::ownName).containsExactlyInAnyOrder(
                "Vérifier GES-1101 — Mention des pénalités de retard en pied de facture",
                "Vérifier GES-1102 — Nouveau champ « pays » dans la fiche client, renseigné à FR pour les clients existants",
                "Vérifier GES-1103 — Export des commandes du mois au format CSV");
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        Task confirmation = steps.waitForTasks(releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);
        assertThat(ofTask(taskService, confirmation.getId(), HEALTH_REPORT))
                .contains("CONFORME").contains("Programme Gestan 1.1, données version 1.1");
        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1, with(PRODUCTION_VERDICT, Choices.PRODUCTION_OK));

        HistoricProcessInstance release = ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());
        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION);

        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.1");
        assertThat(Files.readString(productionData.resolve("schema-version")).strip()).isEqualTo("1.1");
        assertThat(Files.readAllLines(productionData.resolve("clients.csv")).get(0)).isEqualTo("id;nom;ville;pays");

        Archive dataArchive = archives.verify(variable(releaseId, DATA_ARCHIVE_ID), VerificationDepth.DEEP);
        assertThat(dataArchive.contentSha256()).as("the archive holds production as it was before the release")
                .isEqualTo(productionBefore);
        Archive installerArchive = archives.verify(variable(releaseId, INSTALLER_ARCHIVE_ID), VerificationDepth.DEEP);
        assertThat(installerArchive.files()).singleElement()
                .satisfies(file -> assertThat(file.sha256()).isEqualTo(variable(releaseId, INSTALLER_SHA256)));

        assertThat(FolderDigest.treeSha256(FolderDigest.of(demo.resolve("test/data"))))
                .as("the test server holds the same migrated copy of production's data")
                .isEqualTo(FolderDigest.treeSha256(FolderDigest.of(productionData)));
        assertThat(installer.installedVersion(demo.resolve("test/app"))).contains("1.1");
    }

    private String variable(String releaseId, ProcessVariable<String> variable) {
        return variable.findInHistory(historyService, releaseId).orElseThrow();
    }
}
