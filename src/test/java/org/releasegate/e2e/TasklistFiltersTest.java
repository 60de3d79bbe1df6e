package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;

/**
 * What each role finds first in Tasklist: its group's tasks that nobody has taken yet, in a filter only that group
 * sees, before everyone's « Mes tâches » and « Tâches de mes groupes » (Tasklist lists filters by priority and opens
 * the first); and, while a release runs, a filter named after it.
 */
class TasklistFiltersTest extends IntegrationTest {

    private static final String MY_TASKS = "Mes tâches";
    private static final String MY_GROUPS_TASKS = "Tâches de mes groupes";


    @Test
    void eachRoleSeesItsGroupsWaitingTasksFirstAndNoOtherGroups() {
        Map<String, String> groupOf = Map.of("marie", "Responsables de mise en production", "theo", "Testeurs",
                "karim", "Utilisateurs clés", "olivia", "Exploitation");
        groupOf.forEach((user, group) -> assertThat(filterNamesByPriority(user)).as(user)
                .containsExactly("À prendre en charge — " + group, MY_TASKS, MY_GROUPS_TASKS));
    }

    @Test
    void theWaitingFilterListsTheGroupsTasksUntilSomeoneTakesThem() {
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> processChecks = steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        String waiting = filterId("karim", "À prendre en charge — Utilisateurs clés");
        assertThat(count("karim", waiting)).isEqualTo(3);

        claim("karim", processChecks.get(0).getId());

        assertThat(count("karim", waiting)).as("taken by karim: no longer waiting").isEqualTo(2);
        assertThat(count("karim", filterId("karim", MY_TASKS))).isEqualTo(1);
        assertThat(count("karim", filterId("karim", MY_GROUPS_TASKS))).as("taken or not").isEqualTo(3);
        assertThat(client.as("theo").get("/engine-rest/filter/" + waiting)
                .status()).as("another group's filter").isEqualTo(403);
    }

    @Test
    void theStarterFollowsTheirReleaseInItsOwnFilterUntilItEnds() {
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
        String label = runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).singleResult()
                .getBusinessKey() + " (lancée par marie)";

        assertThat(filterNamesByPriority("marie")).containsExactly("À prendre en charge — Responsables de mise en "
                + "production", label, MY_TASKS, MY_GROUPS_TASKS);
        String release = filterId("marie", label);
        long open = taskService.createTaskQuery().processInstanceId(releaseId).count();
        assertThat(count("marie", release)).as("none of them hers, all of them followed").isEqualTo(open);
        assertThat(tasks(client.as("marie").get("/engine-rest/filter/" + release + "/list")))
                .extracting(task -> (String) task.get("name")).allSatisfy(name -> assertThat(name).endsWith(" — " + label));
        assertThat(count("theo", filterId("theo", label))).as("the testers' own tasks of this release")
                .isEqualTo(taskService.createTaskQuery().processInstanceId(releaseId)
                        .taskDefinitionKey(Elements.VERIFY_CHANGE).count());

        endReleasesLeftRunning();

        assertThat(filterNamesByPriority("marie")).as("cancelled: its filter is gone")
                .containsExactly("À prendre en charge — Responsables de mise en production", MY_TASKS, MY_GROUPS_TASKS);
        assertThat(client.as("admin").get("/engine-rest/filter/" + release)
                .status()).isEqualTo(404);
    }

    private List<String> filterNamesByPriority(String user) {
        return filters(user).stream()
                .sorted(Comparator.comparingInt(filter -> ((Number) ((Map<?, ?>) filter.get("properties")).get("priority")).intValue()))
                .map(filter -> (String) filter.get("name"))
                .toList();
    }

    private String filterId(String user, String name) {
        return filters(user).stream().filter(filter -> name.equals(filter.get("name")))
                .map(filter -> (String) filter.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError(user + " sees no filter « " + name + " »"));
    }

    private List<Map<String, Object>> filters(String user) {
        return tasks(client.as(user).get("/engine-rest/filter?resourceType=Task"));
    }

    /** A JSON list of objects. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tasks(Response list) {
        return list.json(List.class);
    }

    private long count(String user, String filterId) {
        Map<?, ?> body = client.as(user).get("/engine-rest/filter/" + filterId + "/count").json(Map.class);
        return ((Number) body.get("count")).longValue();
    }

    private void claim(String user, String taskId) {
        assertThat(client.as(user).post("/engine-rest/task/" + taskId + "/claim",
                Map.of("userId", user)).status()).isEqualTo(204);
    }
}
