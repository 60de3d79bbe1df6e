package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Variables.FAILURE_REASON;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Variables.POLICY_LEVEL;
import static org.releasegate.process.ReleasePolicy.Variables.PRODUCTION_WINDOW_PLANNED;
import static org.releasegate.process.ReleasePolicy.Variables.RELEASE_KIND;
import static org.releasegate.process.ReleasePolicy.Variables.ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Variables.TARGET_VERSION;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A release started with a YAML road book in the inbox: the plan step reads it, or refuses it to the release manager. */
class RoadBookImportTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    Installer installer;

    private final Path inbox = HOME.resolve("demo/inbox");

    @Test
    void releaseWithAYamlRoadBookVerifiesItsChanges() throws Exception {
        Files.writeString(inbox.resolve("road-book-import.yaml"), """
                versions:
                  - version: "1.0"
                    changes:
                      - { id: YML-1001, module: Socle, title: Première version }
                  - version: "1.1"
                    changes:
                      - { id: YML-1101, module: Facturation, title: Pénalités de retard }
                      - id: YML-1102
                        module: Clients
                        title: Champ « pays »
                """);
        Optional<String> production = installer.installedVersion(HOME.resolve("demo/production/app"));
        assertThat(production).as("another test left production elsewhere").isIn(Optional.of("1.0"), Optional.of("1.1"));

        String releaseId = start("road-book-import.yaml");
        waitFor(() -> tasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS).size() == 3 ? true : null);

        List<String> expected = production.get().equals("1.0") ? List.of("YML-1101", "YML-1102") : List.of();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> planned = (List<Map<String, Object>>) runtimeService.getVariable(releaseId,
                ReleasePolicy.Variables.ROAD_BOOK_CHANGES);
        assertThat(planned).extracting(change -> change.get("id")).containsExactlyElementsOf(expected);
        assertThat(tasks(releaseId, Elements.VERIFY_CHANGE)).extracting(Task::getName).containsExactlyInAnyOrderElementsOf(
                production.get().equals("1.0")
                        ? List.of("Vérifier YML-1101 — Pénalités de retard", "Vérifier YML-1102 — Champ « pays »")
                        : List.of());
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void malformedYamlRoadBookGoesToTheReleaseManagerWithTheLineAndTheReason() throws Exception {
        Files.writeString(inbox.resolve("road-book-typo.yaml"), """
                versions:
                  - version: "1.1"
                    changes:
                      - id: YML-1101
                        tittle: Pénalités de retard
                """);

        String releaseId = start("road-book-typo.yaml");
        Task decision = waitFor(() -> {
            List<Task> decisions = tasks(releaseId, Elements.DECIDE_SETUP_FAILURE);
            return decisions.isEmpty() ? null : decisions.get(0);
        });

        assertThat((String) taskService.getVariable(decision.getId(), FAILURE_REASON.name()))
                .isEqualTo("Road book road-book-typo.yaml: line 5: unknown field 'tittle' (expected id, module, title)");
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    private String start(String roadBook) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(TARGET_VERSION.name(), Map.of("value", "1.1"));
        variables.put(INSTALLER_PACKAGE.name(), Map.of("value", "gestan-1.1.zip"));
        variables.put(ROAD_BOOK.name(), Map.of("value", roadBook));
        variables.put(RELEASE_KIND.name(), Map.of("value", "minor"));
        variables.put(POLICY_LEVEL.name(), Map.of("value", "strict"));
        variables.put(PRODUCTION_WINDOW_PLANNED.name(), Map.of("value", false));
        ResponseEntity<Map> started = rest.withBasicAuth("marie", "demo").postForEntity(
                "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form",
                Map.of("variables", variables), Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
        return (String) started.getBody().get("id");
    }

    private List<Task> tasks(String releaseId, String taskKey) {
        return taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).list();
    }

    private static <T> T waitFor(Supplier<T> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Nothing after " + TIMEOUT.toSeconds() + " s: is an automated step stuck? See the log");
    }
}
