package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The REST API asks who you are, and each role sees and completes only its own work. */
class AccessTest extends IntegrationTest {

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
        // Not a demo user: a wrong password locks the user out for a few seconds, and other tests log in as them.
        assertThat(rest.withBasicAuth("mallory", "wrong").getForEntity("/engine-rest/task", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyReleaseManagersStartReleases() {
        for (String user : List.of("theo", "karim", "olivia")) {
            assertThat(steps().requestStart(user, "gestan-1.1.zip", "1.1").getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        ResponseEntity<Map> started = steps().requestStart("marie", "gestan-1.1.zip", "1.1");
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
        String releaseId = (String) started.getBody().get("id");
        // Let its automated steps finish before the next test uses the same demo servers.
        steps().waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void keyUsersSeeAndCompleteTheirTasksAndNobodyElseDoes() {
        String releaseId = steps().start("marie", "gestan-1.1.zip", "1.1");
        List<Task> processChecks = steps().waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);

        assertThat(taskIdsVisibleTo("karim", releaseId)).containsAll(processChecks.stream().map(Task::getId).toList());
        assertThat(taskIdsVisibleTo("theo", releaseId)).doesNotContainAnyElementsOf(processChecks.stream().map(Task::getId).toList());
        String taskId = processChecks.get(0).getId();
        assertThat(steps().submit("theo", taskId, Map.of("verdict", "OK")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> refused = steps().submit("karim", taskId, Map.of("verdict", "KO"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).contains("commentaire est obligatoire").doesNotContain("ENGINE-");
        assertThat(steps().submit("karim", taskId, Map.of("verdict", "OK")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @SuppressWarnings("unchecked")
    private List<String> taskIdsVisibleTo(String user, String releaseId) {
        List<Map<String, Object>> tasks = rest.withBasicAuth(user, "demo")
                .getForObject("/engine-rest/task?processInstanceId=" + releaseId, List.class);
        return tasks.stream().map(task -> (String) task.get("id")).toList();
    }

    private ReleaseSteps steps() {
        return new ReleaseSteps(rest, taskService);
    }
}
