package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTH_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.RESTORED_PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FolderDigest;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.e2e.ReleaseSteps;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo release, drilled before production, then found not conform in production: the release manager sees what
 * a restore would lose, restores, and production is back on 1.0 with the data it had before the release.
 */
class RollbackReleaseTest extends IntegrationTest {

    @Autowired
    Installer installer;

    private final Path demo = HOME.resolve("demo");

    @BeforeEach
    @AfterEach
    void demoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void drilledReleaseIsRolledBackAfterTheManagerSeesWhatTheRestoreLoses() throws Exception {
        Path productionData = demo.resolve("production/data");
        String before = FolderDigest.treeSha256(FolderDigest.of(productionData));
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        Task confirmation = steps.waitForTasks(releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);

        assertThat(ofTask(taskService, confirmation.getId(), DRILL_REPORT))
                .startsWith("Exercice de restauration réussi").contains("redonne exactement les données archivées")
                .contains("empreinte " + before)
                .as("the delta written over the base's copy kept since the base step").contains("a été appliquée à la "
                        + "copie restaurée et vérifiée de son archive de base");
        assertThat(demo.resolve("archives")).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith(".scratch"));

        Files.writeString(productionData.resolve("commandes-du-jour.csv"), "id;client\n1;Dupont\n");
        steps.complete("olivia", confirmation, with(PRODUCTION_VERDICT, Choices.PRODUCTION_KO)
                .and(PRODUCTION_COMMENT, "La facturation plante"));
        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_ROLLBACK, 1).get(0);
        String cost = ofTask(taskService, decision.getId(), ROLLBACK_COST);
        assertThat(cost).contains("juste avant l'installation").contains("""
                Saisi depuis la mise en production, par les utilisateurs ou l'ERP (1 fichier) — une restauration le perdrait :
                Données métier (1) :
                • commandes-du-jour.csv : fichier créé : 1 enregistrement

                Changé par la migration (2 fichiers) — ce qu'une restauration doit annuler :
                Données métier (1) :
                • clients.csv : 5 enregistrements modifiés (C001, C002, C003, C004, C005) ; colonne ajoutée : pays
                Métadonnées de l'ERP (1) :
                • schema-version : modifié (4 → 4 octets)""");

        steps.complete("paul", decision, with(ROLLBACK_DECISION, Choices.RESTORE)
                .and(ROLLBACK_COMMENT, "Retour à 1.0"));
        // Operations confirm the restored production before the release ends.
        Task restored = steps.waitForTasks(releaseId, Elements.CONFIRM_RESTORED_PRODUCTION, 1).get(0);
        assertThat(ofTask(taskService, restored.getId(), PREVIOUS_PRODUCTION_VERSION)).isEqualTo("1.0");
        assertThat(ofTask(taskService, restored.getId(), HEALTH_REPORT)).startsWith("CONFORME");
        steps.complete("olivia", restored, with(RESTORED_PRODUCTION_VERDICT, Choices.PRODUCTION_OK));
        HistoricProcessInstance release = ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());

        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_PREVIOUS_VERSION_RESTORED);
        // The release's end deleted the base's copy (after its commit).
        ReleaseSteps.waitFor(() -> {
            try (java.util.stream.Stream<Path> children = Files.list(demo.resolve("archives"))) {
                return children.noneMatch(path -> path.getFileName().toString().startsWith(".restored-")) ? true : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.0");
        assertThat(FolderDigest.treeSha256(FolderDigest.of(productionData))).isEqualTo(before);
        HistoricVariableInstance preRestore = historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(releaseId).variableName("preRestoreArchiveId").singleResult();
        assertThat(demo.resolve("archives").resolve(preRestore.getValue().toString()).resolve("manifest.json"))
                .content().contains("commandes-du-jour.csv");
        assertThat(client.as("marie").get("/reports/" + releaseId).body())
                .as("the release report keeps the drill and what the restore would lose")
                .contains("Exercice de restauration", "Exercice de restauration réussi")
                .contains("Ce qu&#39;une restauration ferait perdre", "commandes-du-jour.csv : fichier créé : 1 enregistrement");
    }
}
