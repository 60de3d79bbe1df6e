package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;

/** The REST API asks who you are, and each role sees and completes only its own work. */
class AccessTest extends IntegrationTest {


    @Test
    void restApiRefusesAnonymousCallers() {
        assertThat(client.get("/engine-rest/process-definition").status()).isEqualTo(401);
        // Not a demo user: a wrong password locks the user out for a few seconds, and other tests log in as them.
        assertThat(client.as("mallory", "wrong").get("/engine-rest/task").status()).isEqualTo(401);
    }

    @Test
    void onlyReleaseManagersStartReleases() {
        for (String user : List.of("theo", "karim", "olivia")) {
            assertThat(steps.requestStart(user, "gestan-1.1.zip", "1.1").status()).as(user).isEqualTo(403);
        }
        Response started = steps.requestStart("marie", "gestan-1.1.zip", "1.1");
        assertThat(started.status()).isEqualTo(200);
        String releaseId = (String) started.json(Map.class).get("id");
        // Let its automated steps finish before the next test uses the same demo servers.
        steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void keyUsersSeeAndCompleteTheirTasksAndNobodyElseDoes() {
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> processChecks = steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);

        assertThat(taskIdsVisibleTo("karim", releaseId)).containsAll(processChecks.stream().map(Task::getId).toList());
        assertThat(taskIdsVisibleTo("theo", releaseId)).doesNotContainAnyElementsOf(processChecks.stream().map(Task::getId).toList());
        String taskId = processChecks.get(0).getId();
        assertThat(steps.submit("theo", taskId, Map.of("verdict", "OK")).status()).isEqualTo(403);
        Response refused = steps.submit("karim", taskId, Map.of("verdict", "KO"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("commentaire est obligatoire").doesNotContain("ENGINE-");
        assertThat(steps.submit("karim", taskId, Map.of("verdict", "OK")).status()).isEqualTo(204);

        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @SuppressWarnings("unchecked")
    private List<String> taskIdsVisibleTo(String user, String releaseId) {
        List<Map<String, Object>> tasks = client.as(user)
                .get("/engine-rest/task?processInstanceId=" + releaseId).json(List.class);
        return tasks.stream().map(task -> (String) task.get("id")).toList();
    }
}
