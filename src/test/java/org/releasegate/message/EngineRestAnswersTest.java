package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient;

/**
 * The engine API's answers that a person can meet without a refusal of ours: a task a colleague completed meanwhile,
 * a release that is not there (404 on every endpoint), a permission the role lacks, any other error — French, with
 * Camunda's status and type.
 * The refusals of the gate and of listeners are tried where they happen (security/FourEyesTest,
 * GateIntegrityTest, StarterTaskAccessTest, e2e/DecisionFormsTest).
 */
class EngineRestAnswersTest extends IntegrationTest {

    private static final String TASK_MISSING = "Cette tâche n'existe plus (terminée ou annulée entre-temps) ou ne vous"
            + " est pas visible : rafraîchissez la liste des tâches.";

    @Test
    void aTaskThatIsNotThereIsSaidInFrenchWhateverTheEndpoint() {
        ApplicationClient theo = client.as("theo");

        theo.get("/engine-rest/task/no-such-task").assertEngineError(404, "InvalidRequestException", TASK_MISSING);
        theo.postJson("/engine-rest/task/no-such-task/complete", "{}")
                .assertEngineError(404, "RestException", TASK_MISSING);
        theo.postJson("/engine-rest/task/no-such-task/submit-form", "{\"variables\": {}}")
                .assertEngineError(404, "RestException", TASK_MISSING);
        theo.postJson("/engine-rest/task/no-such-task/claim", "{\"userId\": \"theo\"}")
                .assertEngineError(404, "NullValueException", TASK_MISSING);
        theo.get("/engine-rest/task/no-such-task/comment").assertEngineError(404, "InvalidRequestException", TASK_MISSING);
        theo.get("/engine-rest/process-instance/no-such-release").assertEngineError(404, "InvalidRequestException",
                "Cette mise en production n'existe pas ou ne vous est pas visible.");
        theo.send("DELETE", "/engine-rest/history/process-instance/no-such-release", null).assertEngineError(404,
                "InvalidRequestException", "Cette mise en production n'existe pas ou ne vous est pas visible.");
    }

    @Test
    void aPermissionTheRoleLacksIsRefusedInFrenchWithoutTheEnginesList() {
        ApplicationClient olivia = client.as("olivia");

        olivia.putJson("/engine-rest/process-definition/key/release-policy/history-time-to-live",
                        "{\"historyTimeToLive\": 0}")
                .assertEngineError(403, "AuthorizationException", "Vous n'avez pas le droit de faire cette opération :"
                        + " votre rôle ne le permet pas. Demandez-la à un administrateur si elle est nécessaire.");
    }

    @Test
    void anotherErrorKeepsCamundasStatusAndTypeButSaysItInFrenchWithoutTheEngineCode() {
        ApplicationClient.Response wrong = client.as("admin")
                .postJson("/engine-rest/job/retries", "{\"retries\": 1}");

        // Camunda would say « ENGINE-13050 Retries can only be set… »: the English stays in the server's log
        wrong.assertEngineError(500, "ProcessEngineException", Messages.text("engine-rest.failed"));
        assertThat(wrong.json().path("message").asText()).doesNotContain("ENGINE-").startsWith("Le serveur n'a pas pu");
    }
}
