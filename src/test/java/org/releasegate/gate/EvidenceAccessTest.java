package org.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.process.ReleasePolicy.Vars.COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Camunda checks no authorization on attachments and comments; the gate does. Evidence joined with a verdict is read
 * only by those who may read its task or release, and nobody changes it afterwards through the REST API.
 */
class EvidenceAccessTest extends IntegrationTest {

    @Autowired
    IdentityService identityService;

    private String releaseId;
    private Task verified;
    private Task open;
    private String attachmentId;
    private final byte[] evidence = "pied de facture sans pénalités".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void aVerdictWithItsEvidence() throws Exception {
        startFromTheDemoAsOnFirstStart();
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> changes = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        verified = changes.get(0);
        open = changes.get(1);
        Response submitted = client.as("theo").post("/engine-rest/task/" + verified.getId() + "/submit-form",
                Map.of("variables", Map.of(
                        VERDICT.name(), Map.of("value", "KO"),
                        COMMENT.name(), Map.of("value", "la mention des pénalités manque"),
                        "evidence1", Map.of("type", "File", "value", Base64.getEncoder().encodeToString(evidence),
                                "valueInfo", Map.of("filename", "facture.txt", "mimeType", "text/plain")))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(204);
        attachmentId = taskService.getTaskAttachments(verified.getId()).get(0).getId();
    }

    @AfterEach
    void cancel() {
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void evidenceIsReadByThoseWhoFollowTheReleaseOrWorkOnIt() {
        for (String user : List.of("marie", "olivia", "theo", "karim")) {
            Response content = get(user, "/attachment/" + attachmentId + "/data");
            assertThat(content.status()).as(user).isEqualTo(200);
            assertThat(content.bytes()).as(user).isEqualTo(evidence);
        }
    }

    @Test
    void aUserWithNoTaskNorHistoryOfTheReleaseReadsNeitherTheEvidenceNorItsName() {
        for (String path : List.of("/attachment/" + attachmentId + "/data", "/attachment/" + attachmentId)) {
            Response answer = get("sophie", path);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.body()).as(path).contains("sophie n'y a pas accès")
                    .doesNotContain("pénalités", "facture.txt");
        }
    }

    @Test
    void evidenceOfAGivenVerdictCannotBeDeletedEvenByWhoReadsTheHistory() {
        for (String user : List.of("marie", "olivia")) {
            Response deleted = client.as(user).delete(
                    "/engine-rest/task/" + verified.getId() + "/attachment/" + attachmentId);

            // Camunda's REST resource answers any refusal of a deletion as « not found »
            assertThat(deleted.status()).as(user + ": " + deleted.body()).isBetween(400, 499);
        }
        assertThat(taskService.getTaskAttachments(verified.getId())).extracting(Attachment::getName)
                .containsExactly("facture.txt");
    }

    @Test
    void nobodyJoinsAFileToATesterSOpenVerificationBesideItsForm() {
        Response added = addAttachment("marie", open.getId());

        // Camunda's REST resource answers any refusal of a new attachment as a bad request
        assertThat(added.status()).as(added.body()).isBetween(400, 499);
        assertThat(taskService.getTaskAttachments(open.getId())).isEmpty();
    }

    @Test
    void theJavaApiOfAnAuthenticatedPersonIsRefusedWithTheGateSReason() {
        identityService.setAuthentication("marie", List.of("responsables-mep"));
        try {
            assertThatThrownBy(() -> taskService.deleteTaskAttachment(verified.getId(), attachmentId))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("marie ne peut ni ajouter, ni modifier, ni supprimer une pièce jointe");
        } finally {
            identityService.clearAuthentication();
        }
        assertThat(taskService.getTaskAttachments(verified.getId())).hasSize(1);
    }

    private Response get(String user, String path) {
        return client.as(user).get("/engine-rest/task/" + verified.getId() + path);
    }

    private Response addAttachment(String user, String taskId) {
        return client.as(user).postMultipart("/engine-rest/task/" + taskId + "/attachment/create",
                Map.of("attachment-name", "autre.txt", "attachment-type", "text/plain"), "content", "autre.txt",
                "remplacée");
    }
}
