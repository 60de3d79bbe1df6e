package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.EMERGENCY;
import static org.releasegate.process.ReleasePolicy.Vars.EMERGENCY_APPROVAL;
import static org.releasegate.process.ReleasePolicy.Vars.EMERGENCY_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.EMERGENCY_REASON;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The four-eyes rule in the running application: marie starts a release, so she can neither claim nor sign its
 * final acceptance or decide its rollback — through the REST API, the webapps (Tasklist) or the Java API — and paul,
 * another release manager, can. She is not even offered these tasks (StarterTaskAccess); the rule's own refusal is
 * what is left behind that. The releases start directly at the task (start instructions, which only an
 * administrator may give: {@link #startedBy}), so no automated step runs; completions lead to other user tasks or an
 * end.
 */
class FourEyesTest extends IntegrationTest {

    private static final String ACCEPTANCE_REFUSED = "La recette définitive doit être prononcée par un autre "
            + "responsable que celui qui a lancé la mise en production (marie)";
    /** What the engine answers the initiator about a task kept from them (StarterTaskAccess). */
    private static final String NOT_VISIBLE = "n'existe pas ou ne vous est pas visible";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;

    /** Ended after each test by {@link IntegrationTest}, once no worker holds one of its steps. */
    private String releaseId;

    @Test
    void initiatorCannotClaimNorSignTheFinalAcceptanceThroughTheRestApi() {
        ApplicationClient marie = ApplicationClient.basic(port, "marie", "demo");
        releaseId = startedBy("marie", Elements.FINAL_ACCEPTANCE);
        String taskId = task(Elements.FINAL_ACCEPTANCE).getId();
        assertThat(ofRelease(runtimeService, releaseId, RELEASE_INITIATOR)).isEqualTo("marie");

        // Not offered to her (StarterTaskAccessTest): the engine refuses before the rule is even asked, in French.
        marie.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"marie\"}").assertEngineError(403,
                "AuthorizationException", "Vous n'avez pas le droit de prendre en charge cette tâche.");
        marie.postJson("/engine-rest/task/" + taskId + "/submit-form", acceptance(Choices.ACCEPTED)).assertEngineError(
                403, "AuthorizationException", "La tâche " + taskId + " n'existe pas ou ne vous est pas visible.");
        // The rule's own refusal, alone: no engine code, no list of missing permissions.
        ApplicationClient.basic(port, "admin", "demo").postJson("/engine-rest/task/" + taskId + "/assignee",
                "{\"userId\":\"marie\"}").assertEngineError(403, "AuthorizationException", ACCEPTANCE_REFUSED);
        assertThat(task(Elements.FINAL_ACCEPTANCE).getAssignee()).isNull();

        ApplicationClient paul = ApplicationClient.basic(port, "paul", "demo");
        assertThat(paul.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"paul\"}").status()).isEqualTo(204);
        // Refused rather than accepted: accepting would start the archive on the demo servers.
        assertThat(paul.postJson("/engine-rest/task/" + taskId + "/submit-form", acceptance(Choices.REFUSED)).status())
                .isEqualTo(204);
        assertThat(historyService.createHistoricTaskInstanceQuery().taskId(taskId).singleResult().getAssignee())
                .isEqualTo("paul");
    }

    @Test
    void initiatorCannotSignTheFinalAcceptanceInTasklist() {
        releaseId = startedBy("marie", Elements.FINAL_ACCEPTANCE);
        String taskId = task(Elements.FINAL_ACCEPTANCE).getId();
        String submit = "/camunda/api/engine/engine/default/task/" + taskId + "/submit-form";

        // Tasklist's own API answers as the REST API does: the message alone, which Tasklist shows.
        ApplicationClient.webapp(port, "marie", "demo", "tasklist").postJson(submit,
                acceptance(Choices.ACCEPTED)).assertEngineError(403, "AuthorizationException",
                "La tâche " + taskId + " n'existe pas ou ne vous est pas visible.");
        assertThat(ApplicationClient.webapp(port, "paul", "demo", "tasklist").postJson(submit,
                acceptance(Choices.REFUSED)).status()).isEqualTo(204);
    }

    @Test
    void initiatorCannotSignByRewritingTheInitiatorVariable() {
        ApplicationClient marie = ApplicationClient.basic(port, "marie", "demo");
        releaseId = startedBy("marie", Elements.FINAL_ACCEPTANCE);
        String taskId = task(Elements.FINAL_ACCEPTANCE).getId();

        // The task is not hers to see; and were it, the acceptance form does not write the initiator: the gate refuses
        // the variable before anything runs (withoutTheRevoke…).
        assertRefused(marie.postJson("/engine-rest/task/" + taskId + "/submit-form", """
                {"variables": {"acceptanceDecision": {"value": "accepted"}, "releaseInitiator": {"value": "paul"}}}"""),
                NOT_VISIBLE);
        assertThat(ofRelease(runtimeService, releaseId, RELEASE_INITIATOR)).isEqualTo("marie");
    }

    @Test
    void initiatorCannotDecideTheRollbackThroughTheJavaApi() {
        releaseId = startedBy("marie", Elements.DECIDE_ROLLBACK);
        String taskId = task(Elements.DECIDE_ROLLBACK).getId();

        assertThatThrownBy(() -> as("marie", () -> {
            taskService.complete(taskId, TestReleases.harmlessCompletion(Elements.DECIDE_ROLLBACK));
            return null;
        })).hasMessageContaining(NOT_VISIBLE);
        assertThatThrownBy(() -> as("marie", () -> {
            taskService.claim(taskId, "marie");
            return null;
        })).isInstanceOf(AuthorizationException.class);

        as("paul", () -> {
            taskService.complete(taskId, TestReleases.harmlessCompletion(Elements.DECIDE_ROLLBACK));
            return null;
        });
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(releaseId).singleResult()
                .getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION_WITH_WORKAROUND);
    }

    @Test
    void emergencyIsApprovedByNeitherTheStarterNorTheDeclarer() {
        releaseId = startedBy("marie", Elements.PROVIDE_PRODUCTION_FIX);
        as("paul", () -> {
            taskService.complete(task(Elements.PROVIDE_PRODUCTION_FIX).getId(),
                    with(INSTALLER_PACKAGE, "gestan-1.1.zip").and(TARGET_VERSION, "1.1").and(EMERGENCY, true)
                    .and(EMERGENCY_REASON, "Aucune facture ne sort"));
            return null;
        });
        String approval = task(Elements.APPROVE_EMERGENCY).getId();
        Map<String, Object> refusal = with(EMERGENCY_APPROVAL, Choices.REFUSED).and(EMERGENCY_COMMENT, "Test d'abord");

        assertThatThrownBy(() -> as("marie", () -> {
            taskService.complete(approval, refusal);
            return null;
        })).hasMessageContaining(NOT_VISIBLE);
        assertThatThrownBy(() -> as("paul", () -> {
            taskService.complete(approval, refusal);
            return null;
        })).as("who declared the emergency").hasMessageContaining(NOT_VISIBLE);
        withoutTheRevokesOf(approval);
        assertThatThrownBy(() -> as("marie", () -> {
            taskService.complete(approval, refusal);
            return null;
        })).hasMessageContaining("L'urgence doit être approuvée par un autre responsable que celui qui a lancé la mise "
                + "en production (marie)");
        assertThatThrownBy(() -> as("paul", () -> {
            taskService.complete(approval, refusal);
            return null;
        })).hasMessageContaining("L'urgence doit être approuvée par un autre responsable que celui qui l'a déclarée (paul)");

        as("lea", () -> {
            taskService.complete(approval, refusal);
            return null;
        });
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(releaseId)
                .taskDefinitionKey(Elements.APPROVE_EMERGENCY).finished().count()).isEqualTo(1);
    }

    /**
     * The rule itself, behind the revoke: for a task created before the revokes existed (or whose revoke an
     * administrator removed), the initiator still can neither claim nor sign, nor sign by rewriting the initiator.
     */
    @Test
    void withoutTheRevokeTheRuleStillRefusesTheInitiator() {
        ApplicationClient marie = ApplicationClient.basic(port, "marie", "demo");
        releaseId = startedBy("marie", Elements.FINAL_ACCEPTANCE);
        String taskId = task(Elements.FINAL_ACCEPTANCE).getId();
        withoutTheRevokesOf(taskId);
        assertThat(marie.get("/engine-rest/task/" + taskId).status()).as("offered again").isEqualTo(200);

        assertRefused(marie.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"marie\"}"), ACCEPTANCE_REFUSED);
        assertRefused(marie.postJson("/engine-rest/task/" + taskId + "/submit-form", acceptance(Choices.ACCEPTED)),
                ACCEPTANCE_REFUSED);
        assertRefused(marie.postJson("/engine-rest/task/" + taskId + "/submit-form", """
                {"variables": {"acceptanceDecision": {"value": "accepted"}, "releaseInitiator": {"value": "paul"}}}"""),
                "n'accepte pas la variable « releaseInitiator »");
        assertThat(task(Elements.FINAL_ACCEPTANCE).getAssignee()).isNull();
        assertThat(ofRelease(runtimeService, releaseId, RELEASE_INITIATOR)).isEqualTo("marie");
    }

    private void withoutTheRevokesOf(String taskId) {
        authorizationService.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(taskId)
                .authorizationType(Authorization.AUTH_TYPE_REVOKE).list()
                .forEach(revoke -> authorizationService.deleteAuthorization(revoke.getId()));
    }

    /** A release that {@code user} started (the engine records them as its starter), placed at one task. */
    private String startedBy(String user, String taskKey) {
        identityService.setAuthentication(user, List.of(Roles.RELEASE_MANAGERS, Roles.ADMINS));
        try {
            return runtimeService.createProcessInstanceByKey(ReleasePolicy.PROCESS_KEY).startBeforeActivity(taskKey)
                    .execute().getId();
        } finally {
            identityService.clearAuthentication();
        }
    }

    private Task task(String taskKey) {
        return taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).singleResult();
    }

    private <T> T as(String user, Supplier<T> call) {
        identityService.setAuthentication(user, List.of(Roles.RELEASE_MANAGERS));
        try {
            return call.get();
        } finally {
            identityService.clearAuthentication();
        }
    }

    private static String acceptance(String decision) {
        return "{\"variables\": {\"" + ACCEPTANCE_DECISION.name() + "\": {\"value\": \"" + decision + "\"}, "
                + "\"acceptanceComment\": {\"value\": \"relu\"}}}";
    }

    private static void assertRefused(Response response, String message) {
        assertThat(response.ok()).as(response.toString()).isFalse();
        assertThat(response.body()).contains(message).as("the refusal itself, not the engine's wrapping")
                .doesNotContain("ENGINE-").doesNotContain("TaskListener");
    }
}
