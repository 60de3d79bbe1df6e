package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The catalogue through {@code /api/strategic-processes} with the demo users: who may read and change it, and a
 * change applying to the next release without restart; a malformed file stops the planning with its line.
 */
class StrategicProcessApiTest extends IntegrationTest {

    private static final String API = "/api/strategic-processes";

    @Autowired
    IdentityService identityService;
    @Autowired
    StrategicProcessCatalog catalog;

    @BeforeEach
    @AfterEach
    void demoCatalogue() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void anonymousCallersGet401() {
        for (String path : List.of(API, API + "/paie", API + "/paie/verdicts", "/api/changes/GES-1101/verdicts",
                "/api/workarounds?status=open")) {
            assertThat(client.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(client.delete(API + "/paie").status()).isEqualTo(401);
    }

    @Test
    void everyGroupReadsOnlyReleaseManagersAndAdminsWrite() {
        for (String user : List.of("marie", "theo", "karim", "olivia", "admin")) {
            Response list = client.as(user).get(API);
            assertThat(list.status()).as(user).isEqualTo(200);
            assertThat(list.json(List.class)).as(user).hasSize(3);
            assertThat(client.as(user).get("/api/workarounds?status=open")
                    .status()).as(user).isEqualTo(200);
        }
        Map<String, Object> stocks = Map.of("name", "Stocks", "steps", List.of("Saisir une entrée en stock"));
        for (String user : List.of("theo", "karim", "olivia")) {
            assertThat(put(user, "stocks", stocks).status()).as(user).isEqualTo(403);
            assertThat(delete(user, "paie").status()).as(user).isEqualTo(403);
        }
        assertThat(catalog.strategicProcesses()).hasSize(3);
        assertThat(put("admin", "stocks", stocks).status()).isEqualTo(201);
        assertThat(delete("admin", "stocks").status()).isEqualTo(204);
    }

    @Test
    void authenticatedUserOutsideOurGroupsGets403() {
        User stranger = identityService.newUser("stranger-api");
        stranger.setPassword("stranger-password");
        identityService.saveUser(stranger);
        try {
            assertThat(client.as("stranger-api", "stranger-password").get(API)
                    .status()).isEqualTo(403);
            assertThat(client.as("stranger-api", "stranger-password")
                    .get("/api/workarounds").status()).isEqualTo(403);
        } finally {
            identityService.deleteUser("stranger-api");
        }
    }

    @Test
    void marieMaintainsTheCatalogueAndTheNextReleaseVerifiesIt() throws Exception {
        Response created = put("marie", "stocks", Map.of("name", "Stocks",
                "steps", List.of("Saisir une entrée en stock", "Éditer l'inventaire")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json(Map.class)).containsEntry("id", "stocks");
        Response replaced = put("marie", "paie", Map.of("id", "paie", "name", "Paie et charges",
                "steps", List.of("Calculer la paie", "Déclarer les charges")));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(delete("marie", "commande-livraison-facture").status()).isEqualTo(204);
        assertThat(delete("marie", "commande-livraison-facture").status()).isEqualTo(404);

        assertThat(client.as("karim").get(API + "/paie").json(Map.class))
                .containsEntry("name", "Paie et charges").containsEntry("steps", List.of("Calculer la paie", "Déclarer les charges"));
        assertThat(client.as("karim").get(API + "/inconnu").status()).isEqualTo(404);
        assertThat(Files.readString(catalog.file())).contains("Paie et charges").doesNotContain("Commande");
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> processes = steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        String release = " — " + runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).singleResult()
                .getBusinessKey() + " (lancée par marie)";
        assertThat(processes).extracting(Task::getName).containsExactlyInAnyOrder(
                "Vérifier le processus « Facturation »" + release, "Vérifier le processus « Paie et charges »" + release,
                "Vérifier le processus « Stocks »" + release);
        Task stocks = processes.stream().filter(task -> task.getName().contains("Stocks")).findFirst().orElseThrow();
        assertThat(ofTask(taskService, stocks.getId(), ReleasePolicy.Vars.PROCESS_STEPS))
                .isEqualTo("1. Saisir une entrée en stock\n2. Éditer l'inventaire");
    }

    @Test
    void invalidProcessesAreRefusedWithTheReason() {
        assertThat(put("marie", "stocks", Map.of("name", "Stocks", "steps", List.of())).json(Map.class).get("message").toString())
                .contains("au moins une étape");
        assertThat(put("marie", "stocks", Map.of("name", " ", "steps", List.of("x"))).status()).isEqualTo(400);
        Response mismatch = put("marie", "stocks", Map.of("id", "paie", "name", "Stocks", "steps", List.of("x")));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json(Map.class).get("message").toString()).contains("diffère");
        assertThat(put("marie", "Paie", Map.of("name", "Paie", "steps", List.of("x"))).status())
                .as("an id differing from another by case only").isEqualTo(409);
        assertThat(catalog.strategicProcesses()).hasSize(3);
    }

    @Test
    void malformedCatalogueStopsThePlanningWithTheLineAndTheReason() throws Exception {
        Files.writeString(catalog.file(), "processes:\n  - id: paie\n    nom: Paie\n    steps: [Calculer]\n");

        Response list = client.as("theo").get(API);
        assertThat(list.status()).isEqualTo(409);
        assertThat(list.json(Map.class).get("message").toString()).contains("ligne 3 : champ inconnu « nom »")
                .as("the file by its name, not its folder on the server")
                .contains(catalog.file().getFileName().toString()).doesNotContain(catalog.file().getParent().toString());
        assertThat(list.json(Map.class)).containsEntry("detail", list.json(Map.class).get("message"));
        assertThat(put("marie", "stocks", Map.of("name", "Stocks", "steps", List.of("x"))).status())
                .as("a malformed file is never overwritten").isEqualTo(409);
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_SETUP_FAILURE, 1).get(0);
        assertThat(ofRelease(runtimeService, releaseId, ReleasePolicy.Vars.FAILURE_REASON))
                .isEqualTo("Catalogue des processus stratégiques " + catalog.file().getFileName()
                        + " : ligne 3 : champ inconnu « nom » (attendus : id, name, steps)")
                .as("the release manager reads the file's name, never its place on the server")
                .doesNotContain(catalog.file().getParent().toString());
        assertThat(taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(Elements.VERIFY_CHANGE).count())
                .as("no verification task before the catalogue is right").isZero();
        assertThat(decision).isNotNull();
    }

    private Response put(String user, String id, Map<String, Object> body) {
        return client.as(user).put(API + "/" + id, body);
    }

    private Response delete(String user, String id) {
        return client.as(user).delete(API + "/" + id);
    }
}
