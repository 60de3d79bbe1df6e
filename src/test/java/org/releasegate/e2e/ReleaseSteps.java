package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.releasegate.process.ReleasePolicy.Vars.EMPTY_ROAD_BOOK_CONFIRMED;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.POLICY_LEVEL;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_PLANNED;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_KIND;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Vars.SAME_VERSION_CONFIRMED;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.ofTaskLocal;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.camunda.bpm.engine.TaskService;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.task.Task;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;

/** Drives releases through the REST API as the demo users do through Tasklist (password "demo"). */
public final class ReleaseSteps {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ApplicationClient client;
    private final TaskService taskService;

    public ReleaseSteps(ApplicationClient client, TaskService taskService) {
        this.client = client;
        this.taskService = taskService;
    }

    public String start(String user, String installerPackage, String targetVersion) {
        Response started = requestStart(user, installerPackage, targetVersion);
        assertThat(started.status()).as("%s starts a release", user).isEqualTo(200);
        return started.json().get("id").asText();
    }

    public Response requestStart(String user, String installerPackage, String targetVersion) {
        // Confirmed in case an earlier test left production on the target version: the road book then lists nothing,
        // and the start asks whether the version production runs is to be installed again (DecisionFormsTest).
        Map<String, Object> body = with(TARGET_VERSION, targetVersion).and(INSTALLER_PACKAGE, installerPackage)
                .and(ROAD_BOOK, "road-book.md").and(RELEASE_KIND, "minor").and(POLICY_LEVEL, "strict")
                .and(PRODUCTION_WINDOW_PLANNED, false).and(EMPTY_ROAD_BOOK_CONFIRMED, true)
                .and(SAME_VERSION_CONFIRMED, true).form();
        return client.as(user).post(
                "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form", body);
    }

    /** Completes, as {@code user}, the given number of tasks of one kind once they exist. */
    public void completeEach(String releaseId, String user, String taskKey, int count, Map<String, Object> variables) {
        for (Task task : waitForTasks(releaseId, taskKey, count)) {
            complete(user, task, variables);
        }
    }

    /** Completes one task as {@code user}, through its form as Tasklist does. */
    public void complete(String user, Task task, Map<String, Object> variables) {
        Response response = submit(user, task.getId(), variables);
        assertThat(response.status()).as("%s completes %s: %s", user, task.getTaskDefinitionKey(),
                response.body()).isEqualTo(204);
    }

    public Response submit(String user, String taskId, Map<String, Object> variables) {
        return client.as(user).post("/engine-rest/task/" + taskId + "/submit-form",
                ApplicationClient.variables(variables));
    }

    /** A task's name without the release it ends with, once checked that it ends with it (ReleaseLabel). */
    public String ownName(Task task) {
        String suffix = " — " + ofTaskLocal(taskService, task.getId(), ReleasePolicy.Vars.RELEASE_LABEL);
        assertThat(task.getName()).endsWith(suffix);
        return task.getName().substring(0, task.getName().length() - suffix.length());
    }

    public List<Task> waitForTasks(String releaseId, String taskKey, int count) {
        return waitFor(() -> {
            List<Task> tasks = taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).list();
            return tasks.size() == count ? tasks : null;
        });
    }

    /**
     * The first non-null value of {@code condition}, polled every 100 ms in the calling thread, for at most
     * {@link #TIMEOUT}.
     */
    public static <T> T waitFor(Supplier<T> condition) {
        try {
            return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread().until(condition::get, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Nothing after " + TIMEOUT.toSeconds() + " s: is an automated step stuck? See the log",
                    e);
        }
    }
}
