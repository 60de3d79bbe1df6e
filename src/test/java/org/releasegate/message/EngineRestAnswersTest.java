package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine API's answers to errors that are not a person's refusal stay Camunda's own: same status, same body.
 * The refusals themselves are tried where they happen (security/FourEyesTest, GateIntegrityTest,
 * StarterTaskAccessTest, e2e/DecisionFormsTest).
 */
class EngineRestAnswersTest extends IntegrationTest {


    @Test
    void anotherErrorKeepsCamundasStatusAndBody() throws Exception {
        Response missing = client.as("admin")
                .get("/engine-rest/task/no-such-task");

        assertThat(missing.status()).isEqualTo(404);
        JsonNode body = new ObjectMapper().readTree(missing.body());
        assertThat(body.path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(body.path("message").asText()).isEqualTo("No matching task with id no-such-task");
    }
}
