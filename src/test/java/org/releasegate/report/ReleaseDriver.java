package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Variables;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Drives a release through the REST API as the demo users do in Tasklist (password "demo"). The same job as
 * e2e.ReleaseSteps, which is package-private to its package.
 */
final class ReleaseDriver {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TestRestTemplate rest;
    private final TaskService taskService;

    ReleaseDriver(TestRestTemplate rest, TaskService taskService) {
        this.rest = rest;
        this.taskService = taskService;
    }

    @SuppressWarnings("rawtypes")
    String start(String user, String installerPackage, String targetVersion) {
        Map<String, Object> body = Map.of("variables", values(Map.of(
                Variables.TARGET_VERSION.name(), targetVersion, Variables.INSTALLER_PACKAGE.name(), installerPackage,
                Variables.ROAD_BOOK.name(), "road-book.md", Variables.RELEASE_KIND.name(), "minor",
                Variables.POLICY_LEVEL.name(), "strict", Variables.PRODUCTION_WINDOW_PLANNED.name(), false)));
        ResponseEntity<Map> started = rest.withBasicAuth(user, "demo").postForEntity(
                "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form", body, Map.class);
        assertThat(started.getStatusCode()).as("%s starts a release", user).isEqualTo(HttpStatus.OK);
        return (String) started.getBody().get("id");
    }

    /** Completes, as {@code user}, each of the given number of tasks of one kind once they all exist. */
    void completeEach(String releaseId, String user, String taskKey, int count, Map<String, Object> variables) {
        for (Task task : waitForTasks(releaseId, taskKey, count)) {
            complete(user, task, variables);
        }
    }

    void complete(String user, Task task, Map<String, Object> variables) {
        ResponseEntity<String> response = rest.withBasicAuth(user, "demo").postForEntity(
                "/engine-rest/task/" + task.getId() + "/submit-form", Map.of("variables", values(variables)), String.class);
        assertThat(response.getStatusCode()).as("%s completes %s: %s", user, task.getTaskDefinitionKey(), response.getBody())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    List<Task> waitForTasks(String releaseId, String taskKey, int count) {
        return waitFor(() -> {
            List<Task> tasks = taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey)
                    .orderByTaskName().asc().list();
            return tasks.size() == count ? tasks : null;
        });
    }

    static <T> T waitFor(Supplier<T> condition) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Nothing after " + TIMEOUT.toSeconds() + " s: is an automated step stuck? See the log");
    }

    private static Map<String, Object> values(Map<String, Object> variables) {
        Map<String, Object> values = new HashMap<>();
        variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
        return values;
    }
}
