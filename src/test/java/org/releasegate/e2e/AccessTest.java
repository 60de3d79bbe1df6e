package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST API asks who you are, and each role sees and completes only its own work. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class AccessTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTestSetup.register(registry);
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;

    @Test
    void restApiRefusesAnonymousCallers() {
        assertThat(rest.getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // Not a user the other tests log in as: a wrong password locks the user out for a few seconds.
        assertThat(rest.withBasicAuth("paul", "wrong").getForEntity("/engine-rest/task", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyReleaseManagersStartReleases() {
        for (String user : List.of("theo", "karim", "olivia")) {
            assertThat(start(user).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        ResponseEntity<Map> started = start("marie");
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
        String releaseId = (String) started.getBody().get("id");
        // Let its automated steps finish before the next test uses the same demo servers.
        waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS);
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void keyUsersSeeAndCompleteTheirTasksAndNobodyElseDoes() {
        String releaseId = (String) start("marie").getBody().get("id");
        List<Task> processChecks = waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS);

        assertThat(taskIdsVisibleTo("karim", releaseId)).containsAll(processChecks.stream().map(Task::getId).toList());
        assertThat(taskIdsVisibleTo("theo", releaseId)).doesNotContainAnyElementsOf(processChecks.stream().map(Task::getId).toList());
        String taskId = processChecks.get(0).getId();
        Map<String, Object> ok = Map.of("variables", Map.of("verdict", Map.of("value", "OK")));
        assertThat(rest.withBasicAuth("theo", "demo").postForEntity("/engine-rest/task/" + taskId + "/submit-form", ok,
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        Map<String, Object> koWithoutComment = Map.of("variables", Map.of("verdict", Map.of("value", "KO")));
        ResponseEntity<String> refused = rest.withBasicAuth("karim", "demo").postForEntity(
                "/engine-rest/task/" + taskId + "/submit-form", koWithoutComment, String.class);
        assertThat(refused.getStatusCode().is2xxSuccessful()).isFalse();
        assertThat(refused.getBody()).contains("commentaire est obligatoire");
        assertThat(rest.withBasicAuth("karim", "demo").postForEntity("/engine-rest/task/" + taskId + "/submit-form", ok,
                String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    private ResponseEntity<Map> start(String user) {
        Map<String, Object> body = Map.of("variables", Map.of(
                "targetVersion", Map.of("value", "1.1"), "installerPackage", Map.of("value", "gestan-1.1.zip"),
                "roadBook", Map.of("value", "road-book.md"), "releaseKind", Map.of("value", "minor"),
                "policyLevel", Map.of("value", "strict"), "productionWindowPlanned", Map.of("value", false)));
        return rest.withBasicAuth(user, "demo").postForEntity(
                "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form", body, Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<String> taskIdsVisibleTo(String user, String releaseId) {
        List<Map<String, Object>> tasks = rest.withBasicAuth(user, "demo")
                .getForObject("/engine-rest/task?processInstanceId=" + releaseId, List.class);
        return tasks.stream().map(task -> (String) task.get("id")).toList();
    }

    private List<Task> waitForTasks(String releaseId, String taskKey) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            List<Task> tasks = taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).list();
            if (!tasks.isEmpty()) {
                return tasks;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No " + taskKey + " task after 60 s");
    }
}
