package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.core.io.ClassPathResource;

/**
 * Two releases of the demo through the REST API: in 1.1 a change is KO and marie records a workaround; 1.2 must
 * re-verify it — found still broken, it goes to marie's decision like any failure; after the urgent fix it is found
 * fixed, and it closes once 1.2 is in production. The verdict history of the change and of a strategic process
 * spans both releases.
 */
class WorkaroundReleaseTest extends IntegrationTest {

    private static final String WORKAROUND = "Saisie manuelle du pays dans la fiche client";
    private static final String REVIEW = LocalDate.now().plusMonths(2).toString();



    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void workaroundOfOneReleaseIsReverifiedInTheNextUntilItsFixReachesProduction() throws Exception {
        // Release 1.1: GES-1102 is KO, marie goes on with a workaround.
        String first = steps.start("marie", "gestan-1.1.zip", "1.1");
        for (Task change : steps.waitForTasks(first, Elements.VERIFY_CHANGE, 3)) {
            boolean country = change.getName().startsWith("Vérifier GES-1102");
            steps.complete("theo", change, country ? with(VERDICT, "KO").and(COMMENT, "Le pays reste vide")
                    : with(VERDICT, "OK"));
        }
        steps.completeEach(first, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.completeEach(first, "marie", Elements.DECIDE_ON_FAILURE, 1, with(FAILURE_DECISION, Choices.WORKAROUND)
                .and(DECISION_COMMENT, "Peu de nouveaux clients étrangers").and(WORKAROUND_DESCRIPTION, WORKAROUND)
                .and(WORKAROUND_REVIEW_DATE, REVIEW));
        toProduction(first);

        List<Map<String, Object>> open = workarounds("theo", "open");
        assertThat(open).singleElement().satisfies(workaround -> {
            assertThat(workaround).containsEntry("processInstanceId", first).containsEntry("decision", "FAILURE")
                    .containsEntry("coveredItems", "GES-1102 (non conforme)").containsEntry("description", WORKAROUND)
                    .containsEntry("reviewDate", REVIEW).containsEntry("decidedBy", "marie")
                    .containsEntry("targetVersion", "1.1").containsEntry("status", "OPEN");
            assertThat(workaround.get("releaseName").toString()).startsWith("Version 1.1 — ");
        });
        String recheckId = "CONTOURNEMENT-" + open.get(0).get("id");

        // Release 1.2: its own change and the workaround are verified; the workaround is still needed.
        layOutVersion12();
        String second = steps.start("marie", "gestan-1.2.zip", "1.2");
        List<Task> changes = steps.waitForTasks(second, Elements.VERIFY_CHANGE, 2);
        Task recheck = changes.stream().filter(task -> task.getName().startsWith("Vérifier " + recheckId)).findFirst().orElseThrow();
        assertThat(steps.ownName(recheck)).isEqualTo("Vérifier " + recheckId + " — Revérifier le contournement : " + WORKAROUND
                + " (pour GES-1102 (non conforme))");
        assertThat(ofTask(taskService, recheck.getId(), CHANGE_MODULE))
                .startsWith("Contournement décidé dans « Version 1.1 — ");
        steps.complete("theo", recheck, with(VERDICT, "KO").and(COMMENT, "Toujours vide en 1.2"));
        steps.completeEach(second, "theo", Elements.VERIFY_CHANGE, 1, with(VERDICT, "OK"));
        steps.completeEach(second, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));

        Task decision = steps.waitForTasks(second, Elements.DECIDE_ON_FAILURE, 1).get(0);
        assertThat(ofTask(taskService, decision.getId(), FAILED_VERIFICATIONS))
                .contains("Non conforme : " + recheckId + " (1.1)").contains("Toujours vide en 1.2");
        assertThat(workarounds("karim", "open")).extracting(workaround -> workaround.get("fixVerifiedIn")).containsExactly((Object) null);

        // The vendor's urgent fix: only the workaround is verified again, and found fixed.
        steps.complete("marie", decision, with(FAILURE_DECISION, Choices.URGENT_FIX)
                .and(DECISION_COMMENT, "Correction du pays demandée"));
        steps.completeEach(second, "marie", Elements.PROVIDE_CORRECTED_INSTALLER, 1,
                with(INSTALLER_PACKAGE, "gestan-1.2.zip").and(TARGET_VERSION, "1.2").and(FIX_REFERENCE, "CORR-12"));
        Task again = steps.waitForTasks(second, Elements.VERIFY_CHANGE, 1).get(0);
        assertThat(again.getName()).startsWith("Vérifier " + recheckId);
        steps.complete("theo", again, with(VERDICT, "OK"));
        steps.completeEach(second, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.waitForTasks(second, Elements.FINAL_ACCEPTANCE, 1);
        assertThat(workarounds("marie", "open")).as("still in force until 1.2 is in production").singleElement()
                .satisfies(workaround -> assertThat(workaround).containsEntry("fixVerifiedIn", second)
                        .containsEntry("fixVerifiedBy", "theo"));
        toProduction(second);

        assertThat(workarounds("olivia", "open")).isEmpty();
        assertThat(workarounds("olivia", "closed")).singleElement().satisfies(workaround -> {
            assertThat(workaround).containsEntry("status", "CLOSED").containsEntry("fixVerifiedIn", second);
            assertThat(workaround.get("closingNote").toString()).startsWith("Anomalie corrigée").contains("Version 1.2");
        });

        // Verdict history across releases, newest first (earlier tests of this JVM left releases of their own).
        List<Map<String, Object>> country = ofReleases(verdicts("theo", "/api/changes/GES-1102/verdicts"), first, second);
        assertThat(country).singleElement().satisfies(verdict -> assertThat(verdict)
                .containsEntry("processInstanceId", first).containsEntry("verdict", "KO")
                .containsEntry("comment", "Le pays reste vide").containsEntry("userId", "theo")
                .containsEntry("targetVersion", "1.1").containsEntry("round", 1));
        List<Map<String, Object>> invoicing = ofReleases(
                verdicts("karim", "/api/strategic-processes/facturation/verdicts"), first, second);
        assertThat(invoicing).extracting(verdict -> verdict.get("processInstanceId")).containsExactly(second, second, first);
        assertThat(invoicing).extracting(verdict -> verdict.get("round")).containsExactly(2, 1, 1);
        assertThat(invoicing).extracting(verdict -> verdict.get("targetVersion")).containsExactly("1.2", "1.2", "1.1");
        assertThat(invoicing.get(2).get("release").toString()).startsWith("Version 1.1 — ");
    }

    private static List<Map<String, Object>> ofReleases(List<Map<String, Object>> history, String... releaseIds) {
        List<String> ids = List.of(releaseIds);
        return history.stream().filter(verdict -> ids.contains(verdict.get("processInstanceId"))).toList();
    }

    private void toProduction(String releaseId) {
        steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1,
                with(PRODUCTION_VERDICT, Choices.PRODUCTION_OK));
        String end = ReleaseSteps.waitFor(() -> {
            var release = historyService.createHistoricProcessInstanceQuery().processInstanceId(releaseId).finished().singleResult();
            return release == null ? null : release.getEndActivityId();
        });
        assertThat(end).isEqualTo(Elements.END_IN_PRODUCTION);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> workarounds(String user, String status) {
        return client.as(user).get("/api/workarounds?status=" + status).json(List.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> verdicts(String user, String path) {
        return client.as(user).get(path).json(List.class);
    }

    /** Version 1.2 of the demo ERP in the inbox (its migration only stamps the data) and its road book. */
    private static void layOutVersion12() throws IOException {
        Path inbox = HOME.resolve("demo/inbox");
        Files.writeString(inbox.resolve("road-book.md"), """
                # Road book Gestan (démo)

                ## Version 1.2

                - [GES-1201] (Clients) Recherche des clients par pays

                ## Version 1.1

                - [GES-1101] (Facturation) Mention des pénalités de retard en pied de facture
                - [GES-1102] (Clients) Nouveau champ « pays » dans la fiche client, renseigné à FR pour les clients existants
                - [GES-1103] (Ventes) Export des commandes du mois au format CSV
                """);
        String migration = """
                #!/bin/sh
                set -eu
                echo "1.2" > "$RELEASEGATE_DATA_DIR/schema-version"
                """;
        try (OutputStream out = Files.newOutputStream(inbox.resolve("gestan-1.2.zip"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "package.properties", "product=gestan-demo\nversion=1.2\nmigrate=bin/migrate.sh\n".getBytes(StandardCharsets.UTF_8));
            try (InputStream health = new ClassPathResource("demo/health.sh").getInputStream()) {
                entry(zip, "bin/health.sh", health.readAllBytes());
            }
            entry(zip, "bin/migrate.sh", migration.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
