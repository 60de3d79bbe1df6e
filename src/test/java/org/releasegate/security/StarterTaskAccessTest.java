package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Through the REST API as the demo users: the person who started a release is not even offered the tasks the
 * four-eyes rule keeps from them — not listed, not readable — while the other release managers and the admins are,
 * also for a task created anew; and the starter reads every other task of their release, to follow it, without
 * being able to take another group's task.
 */
class StarterTaskAccessTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WAITING_RELEASE_MANAGERS = "À prendre en charge — Responsables de mise en production";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;

    private TestReleases releases;

    @BeforeEach
    void releases() {
        releases = new TestReleases(engine);
    }

    @AfterEach
    void deleteReleases() {
        releases.deleteAll();
    }

    @Test
    void theStarterIsNotOfferedTheFinalAcceptanceOthersAre() {
        Task acceptance = releases.taskOf(Elements.FINAL_ACCEPTANCE, "marie");

        assertNotOffered("marie", acceptance);
        assertOffered("paul", acceptance);
        assertOffered("admin", acceptance);
        assertThat(taskIds(as("paul").get("/engine-rest/filter/" + filterId("paul", WAITING_RELEASE_MANAGERS) + "/list")))
                .contains(acceptance.getId());
        assertThat(taskIds(as("marie").get("/engine-rest/filter/" + filterId("marie", WAITING_RELEASE_MANAGERS) + "/list")))
                .doesNotContain(acceptance.getId());
        assertThat(as("marie").postJson("/engine-rest/task/" + acceptance.getId() + "/claim", "{\"userId\":\"marie\"}")
                .ok()).isFalse();
        assertThat(engine.getTaskService().createTaskQuery().taskId(acceptance.getId()).singleResult().getAssignee())
                .isNull();
    }

    @Test
    void aFinalAcceptanceCreatedAgainIsKeptFromTheStarterToo() {
        Task first = releases.taskOf(Elements.FINAL_ACCEPTANCE, "marie");
        // as a second round does: the task is created anew, with a new id
        engine.getRuntimeService().createProcessInstanceModification(first.getProcessInstanceId())
                .cancelAllForActivity(Elements.FINAL_ACCEPTANCE).startBeforeActivity(Elements.FINAL_ACCEPTANCE).execute();
        Task second = engine.getTaskService().createTaskQuery().processInstanceId(first.getProcessInstanceId())
                .taskDefinitionKey(Elements.FINAL_ACCEPTANCE).singleResult();

        assertThat(second.getId()).isNotEqualTo(first.getId());
        assertNotOffered("marie", second);
        assertOffered("paul", second);
    }

    @Test
    void theRollbackDecisionIsKeptFromTheStarter() {
        Task decision = releases.taskOf(Elements.DECIDE_ROLLBACK, "marie");

        assertNotOffered("marie", decision);
        assertOffered("paul", decision);
    }

    @Test
    void theEmergencyApprovalIsKeptFromTheStarterAndFromWhoDeclaredIt() {
        Task fix = releases.taskOf(Elements.PROVIDE_PRODUCTION_FIX, "marie");
        Response declared = as("paul").postJson("/engine-rest/task/" + fix.getId() + "/submit-form", """
                {"variables": {"installerPackage": {"value": "gestan-1.1.zip"}, "targetVersion": {"value": "1.1"},
                 "emergency": {"value": true}, "emergencyReason": {"value": "Aucune facture ne sort"}}}""");
        assertThat(declared.status()).as(declared.toString()).isEqualTo(204);
        Task approval = engine.getTaskService().createTaskQuery().processInstanceId(fix.getProcessInstanceId())
                .taskDefinitionKey(Elements.APPROVE_EMERGENCY).singleResult();

        assertNotOffered("marie", approval);
        assertNotOffered("paul", approval);
        assertOffered("admin", approval);
    }

    @Test
    void theStarterFollowsEveryOtherTaskOfTheirReleaseWithoutTakingIt() {
        String releaseId = releases.releaseAt(Elements.VERIFY_CHANGE, "marie");
        List<String> verifications = engine.getTaskService().createTaskQuery().processInstanceId(releaseId).list()
                .stream().map(Task::getId).toList();
        assertThat(verifications).hasSize(2);

        assertThat(taskIds(as("marie").get("/engine-rest/task?processInstanceId=" + releaseId)))
                .as("the starter reads the testers' tasks of her release").containsExactlyInAnyOrderElementsOf(verifications);
        assertThat(taskIds(as("paul").get("/engine-rest/task?processInstanceId=" + releaseId)))
                .as("release managers follow every release in Cockpit").containsExactlyInAnyOrderElementsOf(verifications);
        assertThat(taskIds(as("karim").get("/engine-rest/task?processInstanceId=" + releaseId)))
                .as("not another group's").isEmpty();
        assertThat(taskIds(as("theo").get("/engine-rest/task?processInstanceId=" + releaseId)))
                .containsExactlyInAnyOrderElementsOf(verifications);
        // reading is not working on it; the engine's refusal is in French
        as("marie").postJson("/engine-rest/task/" + verifications.get(0) + "/claim", "{\"userId\":\"marie\"}")
                .assertEngineError(403, "AuthorizationException",
                        "Vous n'avez pas le droit de prendre en charge cette tâche.");
    }

    private void assertNotOffered(String user, Task task) {
        String releaseId = task.getProcessInstanceId();
        assertThat(taskIds(as(user).get("/engine-rest/task?processInstanceId=" + releaseId))).as(user)
                .doesNotContain(task.getId());
        assertThat(taskIds(as(user).get("/engine-rest/task?candidateGroup=" + Roles.RELEASE_MANAGERS)))
                .as(user).doesNotContain(task.getId());
        assertThat(as(user).get("/engine-rest/task/" + task.getId()).ok()).as(user + " opens the task").isFalse();
        assertThat(as(user).get("/engine-rest/task/" + task.getId() + "/form-variables").ok())
                .as(user + " reads its form").isFalse();
    }

    private void assertOffered(String user, Task task) {
        assertThat(taskIds(as(user).get("/engine-rest/task?processInstanceId=" + task.getProcessInstanceId())))
                .as(user).contains(task.getId());
        assertThat(as(user).get("/engine-rest/task/" + task.getId()).status()).as(user).isEqualTo(200);
    }

    private ApplicationClient as(String user) {
        return ApplicationClient.basic(port, user, "demo");
    }

    private String filterId(String user, String name) {
        for (JsonNode filter : json(as(user).get("/engine-rest/filter?resourceType=Task"))) {
            if (name.equals(filter.path("name").asText())) {
                return filter.path("id").asText();
            }
        }
        throw new AssertionError(user + " sees no filter « " + name + " »");
    }

    private static List<String> taskIds(Response response) {
        List<String> ids = new ArrayList<>();
        json(response).forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }

    private static JsonNode json(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(response.toString(), e);
        }
    }
}
