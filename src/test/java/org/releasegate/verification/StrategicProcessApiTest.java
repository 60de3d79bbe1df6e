package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.e2e.ReleaseSteps;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The catalogue through {@code /api/strategic-processes} with the demo users: who may read and change it, and a
 * change applying to the next release without restart; a malformed file stops the planning with its line.
 */
class StrategicProcessApiTest extends IntegrationTest {

    private static final String API = "/api/strategic-processes";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;
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
            assertThat(rest.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(rest.exchange(API + "/paie", HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void everyGroupReadsOnlyReleaseManagersAndAdminsWrite() {
        for (String user : List.of("marie", "theo", "karim", "olivia", "admin")) {
            ResponseEntity<List> list = rest.withBasicAuth(user, "demo").getForEntity(API, List.class);
            assertThat(list.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
            assertThat(list.getBody()).as(user).hasSize(3);
            assertThat(rest.withBasicAuth(user, "demo").getForEntity("/api/workarounds?status=open", String.class)
                    .getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
        }
        Map<String, Object> stocks = Map.of("name", "Stocks", "steps", List.of("Saisir une entrée en stock"));
        for (String user : List.of("theo", "karim", "olivia")) {
            assertThat(put(user, "stocks", stocks).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(delete(user, "paie").getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(catalog.strategicProcesses()).hasSize(3);
        assertThat(put("admin", "stocks", stocks).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(delete("admin", "stocks").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void authenticatedUserOutsideOurGroupsGets403() {
        User stranger = identityService.newUser("stranger-api");
        stranger.setPassword("stranger-password");
        identityService.saveUser(stranger);
        try {
            assertThat(rest.withBasicAuth("stranger-api", "stranger-password").getForEntity(API, String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(rest.withBasicAuth("stranger-api", "stranger-password")
                    .getForEntity("/api/workarounds", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        } finally {
            identityService.deleteUser("stranger-api");
        }
    }

    @Test
    void marieMaintainsTheCatalogueAndTheNextReleaseVerifiesIt() throws Exception {
        ResponseEntity<Map> created = put("marie", "stocks", Map.of("name", "Stocks",
                "steps", List.of("Saisir une entrée en stock", "Éditer l'inventaire")));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("id", "stocks");
        ResponseEntity<Map> replaced = put("marie", "paie", Map.of("id", "paie", "name", "Paie et charges",
                "steps", List.of("Calculer la paie", "Déclarer les charges")));
        assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(delete("marie", "commande-livraison-facture").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(delete("marie", "commande-livraison-facture").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(rest.withBasicAuth("karim", "demo").getForObject(API + "/paie", Map.class))
                .containsEntry("name", "Paie et charges").containsEntry("steps", List.of("Calculer la paie", "Déclarer les charges"));
        assertThat(rest.withBasicAuth("karim", "demo").getForEntity(API + "/inconnu", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(Files.readString(catalog.file())).contains("Paie et charges").doesNotContain("Commande");

        ReleaseSteps steps = new ReleaseSteps(rest, taskService);
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
        assertThat(put("marie", "stocks", Map.of("name", "Stocks", "steps", List.of())).getBody().get("message").toString())
                .contains("au moins une étape");
        assertThat(put("marie", "stocks", Map.of("name", " ", "steps", List.of("x"))).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<Map> mismatch = put("marie", "stocks", Map.of("id", "paie", "name", "Stocks", "steps", List.of("x")));
        assertThat(mismatch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(mismatch.getBody().get("message").toString()).contains("diffère");
        assertThat(put("marie", "Paie", Map.of("name", "Paie", "steps", List.of("x"))).getStatusCode())
                .as("an id differing from another by case only").isEqualTo(HttpStatus.CONFLICT);
        assertThat(catalog.strategicProcesses()).hasSize(3);
    }

    @Test
    void malformedCatalogueStopsThePlanningWithTheLineAndTheReason() throws Exception {
        Files.writeString(catalog.file(), "processes:\n  - id: paie\n    nom: Paie\n    steps: [Calculer]\n");

        ResponseEntity<Map> list = rest.withBasicAuth("theo", "demo").getForEntity(API, Map.class);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(list.getBody().get("message").toString()).contains("ligne 3 : champ inconnu « nom »")
                .as("the file by its name, not its folder on the server")
                .contains(catalog.file().getFileName().toString()).doesNotContain(catalog.file().getParent().toString());
        assertThat(list.getBody()).containsEntry("detail", list.getBody().get("message"));
        assertThat(put("marie", "stocks", Map.of("name", "Stocks", "steps", List.of("x"))).getStatusCode())
                .as("a malformed file is never overwritten").isEqualTo(HttpStatus.CONFLICT);

        ReleaseSteps steps = new ReleaseSteps(rest, taskService);
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

    private ResponseEntity<Map> put(String user, String id, Map<String, Object> body) {
        return rest.withBasicAuth(user, "demo").exchange(API + "/" + id, HttpMethod.PUT, new HttpEntity<>(body), Map.class);
    }

    private ResponseEntity<String> delete(String user, String id) {
        return rest.withBasicAuth(user, "demo").exchange(API + "/" + id, HttpMethod.DELETE, null, String.class);
    }
}
