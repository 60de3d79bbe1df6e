package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.DECISION_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.FAILURE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.FIX_REFERENCE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The decision forms of the demo as the demo users reach them through the REST API: what a later round and the final
 * acceptance show, and what the engine refuses when the form is sent (a corrected installer not in the inbox, a
 * release of the version in production without its confirmation) — whatever client sends it.
 */
class DecisionFormsTest extends IntegrationTest {

    private static final String KO_COMMENT = "Les pénalités de retard manquent en pied de facture";
    private static final String CORRECTED = "gestan-1.1-corrige.zip";
    private static final ObjectMapper JSON = new ObjectMapper();



    @BeforeEach
    void demo() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void theSecondRoundAndTheAcceptanceShowWhatWasVerifiedAndAMissingInstallerIsRefusedWithTheInboxsFiles()
            throws Exception {
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> changes = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        Task penalties = changes.stream().filter(task -> task.getName().startsWith("Vérifier GES-1101")).findFirst()
                .orElseThrow();
        taskService.createAttachment("text/plain", penalties.getId(), releaseId, "pied-de-facture.txt",
                "Preuve jointe à la vérification", new ByteArrayInputStream("sans pénalités".getBytes(StandardCharsets.UTF_8)));
        steps.complete("theo", penalties, Map.of(VERDICT.name(), "KO", COMMENT.name(), KO_COMMENT));
        changes.stream().filter(task -> task != penalties).forEach(task -> steps.complete("theo", task, Map.of(VERDICT.name(), "OK")));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, Map.of(VERDICT.name(), "OK"));
        steps.completeEach(releaseId, "marie", Elements.DECIDE_ON_FAILURE, 1, Map.of(
                FAILURE_DECISION.name(), Choices.URGENT_FIX, DECISION_COMMENT.name(), "Ticket éditeur 4711"));

        // The corrected installer: chosen among the inbox's files, refused when sent if it is not there.
        Task provide = steps.waitForTasks(releaseId, Elements.PROVIDE_CORRECTED_INSTALLER, 1).get(0);
        List<String> inbox = List.of(JSON.readValue(
                formVariables("marie", provide).get(ReleasePolicy.Vars.INBOX_FILES).toString(), String[].class));
        assertThat(inbox).contains("gestan-1.1.zip", "road-book.md");
        Response refused = steps.submit("marie", provide.getId(), Map.of(
                INSTALLER_PACKAGE.name(), CORRECTED, TARGET_VERSION.name(), "1.1"));
        // The listener's reason alone, without Camunda's « Cannot submit task form … » nor a path of the server.
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"type\":\"RestException\",\"message\":\"Le fichier « " + CORRECTED
                + " » n'est pas dans le dossier de dépôt du serveur. Fichiers disponibles : "
                + String.join(", ", inbox) + ". Déposez-y le programme "
                + "corrigé, puis envoyez de nouveau le formulaire. Rien n'a été enregistré.\"}");
        assertThat(taskService.createTaskQuery().taskId(provide.getId()).count()).as("the task waits").isOne();
        // Dropped after the task was created: claiming the task reads the inbox again.
        Files.copy(HOME.resolve("demo/inbox/gestan-1.1.zip"), HOME.resolve("demo/inbox/" + CORRECTED));
        assertThat(client.as("marie").post("/engine-rest/task/" + provide.getId() + "/claim",
                Map.of("userId", "marie")).status()).isEqualTo(204);
        assertThat(formVariables("marie", provide).get(ReleasePolicy.Vars.INBOX_FILES).toString()).contains(CORRECTED);
        steps.complete("marie", provide, Map.of(INSTALLER_PACKAGE.name(), CORRECTED, TARGET_VERSION.name(), "1.1",
                FIX_REFERENCE.name(), "CORR-4711"));

        // Round 2 shows round 1's verdict, comment and evidence, and the fix being verified.
        Task again = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 1).get(0);
        String sha256 = (String) runtimeService.getVariable(releaseId, INSTALLER_SHA256.name());
        String earlier = formVariables("theo", again).get(ReleasePolicy.Vars.EARLIER_ROUNDS).toString();
        assertThat(earlier).contains("Non conforme", KO_COMMENT, "theo", "pied-de-facture.txt", "/attachment/",
                CORRECTED, "CORR-4711", sha256);
        steps.complete("theo", again, Map.of(VERDICT.name(), "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, Map.of(VERDICT.name(), "OK"));

        // The final acceptance shows every round, the installer tested (its SHA-256 in a field) and the report.
        Task acceptance = steps.waitForTasks(releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0);
        String summary = formVariables("paul", acceptance).get(ReleasePolicy.Vars.VERIFICATION_SUMMARY).toString();
        assertThat(summary).contains("GES-1101", "tour 1 **Non conforme** (theo : « " + KO_COMMENT,
                "pied-de-facture.txt", "tour 2 Conforme (theo)", CORRECTED + " (version 1.1)", "reports/" + releaseId);
        assertThat(formVariables("paul", acceptance).get(INSTALLER_SHA256.name())).isEqualTo(sha256);
        // Shown, never written.
        Response written = steps.submit("paul", acceptance.getId(), Map.of(
                ReleasePolicy.Vars.ACCEPTANCE_DECISION.name(), Choices.ACCEPTED,
                ReleasePolicy.Vars.VERIFICATION_SUMMARY, "Tout est conforme"));
        assertThat(written.status()).isEqualTo(403);
        assertThat(written.body()).contains("n'accepte pas la variable « verificationSummary »");
    }

    @Test
    void aReleaseOfTheVersionProductionRunsIsRefusedUnlessConfirmed() {
        Map<String, Object> start = new HashMap<>(Map.of(
                "targetVersion", Map.of("value", "1.0"), "installerPackage", Map.of("value", "gestan-1.0.zip"),
                "roadBook", Map.of("value", "road-book.md"), "releaseKind", Map.of("value", "patch"),
                "policyLevel", Map.of("value", "strict"), "productionWindowPlanned", Map.of("value", false),
                "emptyRoadBookConfirmed", Map.of("value", true)));

        Response refused = submitStart(start);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("\"message\":\"La production tourne déjà en version 1.0 : cette mise en production la "
                + "réinstallerait. Si c'est voulu, cochez « La version cible est déjà en production : je confirme la "
                + "réinstaller »").doesNotContain("ENGINE-");
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).count())
                .isZero();

        start.put(ReleasePolicy.Vars.SAME_VERSION_CONFIRMED.name(), Map.of("value", true));
        assertThat(submitStart(start).status()).isEqualTo(200);
    }

    private Response submitStart(Map<String, Object> variables) {
        return client.as("marie").post("/engine-rest/process-definition/key/"
                + ReleasePolicy.PROCESS_KEY + "/submit-form", Map.of("variables", variables));
    }

    /** What the task's form reads, as {@code user} reads it (values as stored, not deserialized). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> formVariables(String user, Task task) {
        Response read = client.as(user).get("/engine-rest/task/" + task.getId()
                + "/form-variables?deserializeValues=false");
        assertThat(read.status()).as("%s reads the form of %s", user, task.getTaskDefinitionKey()).isEqualTo(200);
        Map<String, Object> values = new HashMap<>();
        ((Map<String, Map<String, Object>>) read.json(Map.class)).forEach((name, variable) -> values.put(name,
                String.valueOf(variable.get("value"))));
        return values;
    }
}
