package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine API's answers to errors that are not a person's refusal stay Camunda's own: same status, same body.
 * The refusals themselves are tried where they happen (security/FourEyesTest, GateIntegrityTest,
 * StarterTaskAccessTest, e2e/DecisionFormsTest).
 */
class EngineRestAnswersTest extends IntegrationTest {

    @Autowired
    TestRestTemplate rest;

    @Test
    void anotherErrorKeepsCamundasStatusAndBody() throws Exception {
        ResponseEntity<String> missing = rest.withBasicAuth("admin", "demo")
                .getForEntity("/engine-rest/task/no-such-task", String.class);

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode body = new ObjectMapper().readTree(missing.getBody());
        assertThat(body.path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(body.path("message").asText()).isEqualTo("No matching task with id no-such-task");
    }
}
