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
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.e2e.ReleaseSteps;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Camunda checks no authorization on attachments and comments; the gate does. Evidence joined with a verdict is read
 * only by those who may read its task or release, and nobody changes it afterwards through the REST API.
 */
class EvidenceAccessTest extends IntegrationTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    IdentityService identityService;

    private ReleaseSteps steps;
    private String releaseId;
    private Task verified;
    private Task open;
    private String attachmentId;
    private final byte[] evidence = "pied de facture sans pénalités".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void aVerdictWithItsEvidence() throws Exception {
        startFromTheDemoAsOnFirstStart();
        steps = new ReleaseSteps(rest, taskService);
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> changes = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        verified = changes.get(0);
        open = changes.get(1);
        ResponseEntity<String> submitted = rest.withBasicAuth("theo", "demo").postForEntity(
                "/engine-rest/task/" + verified.getId() + "/submit-form", Map.of("variables", Map.of(
                        VERDICT.name(), Map.of("value", "KO"),
                        COMMENT.name(), Map.of("value", "la mention des pénalités manque"),
                        "evidence1", Map.of("type", "File", "value", Base64.getEncoder().encodeToString(evidence),
                                "valueInfo", Map.of("filename", "facture.txt", "mimeType", "text/plain")))),
                String.class);
        assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        attachmentId = taskService.getTaskAttachments(verified.getId()).get(0).getId();
    }

    @AfterEach
    void cancel() {
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void evidenceIsReadByThoseWhoFollowTheReleaseOrWorkOnIt() {
        for (String user : List.of("marie", "olivia", "theo", "karim")) {
            ResponseEntity<byte[]> content = get(user, "/attachment/" + attachmentId + "/data", byte[].class);
            assertThat(content.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
            assertThat(content.getBody()).as(user).isEqualTo(evidence);
        }
    }

    @Test
    void aUserWithNoTaskNorHistoryOfTheReleaseReadsNeitherTheEvidenceNorItsName() {
        for (String path : List.of("/attachment/" + attachmentId + "/data", "/attachment/" + attachmentId)) {
            ResponseEntity<String> answer = get("sophie", path, String.class);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody()).as(path).contains("sophie n'y a pas accès")
                    .doesNotContain("pénalités", "facture.txt");
        }
    }

    @Test
    void evidenceOfAGivenVerdictCannotBeDeletedEvenByWhoReadsTheHistory() {
        for (String user : List.of("marie", "olivia")) {
            ResponseEntity<String> deleted = rest.withBasicAuth(user, "demo").exchange(
                    "/engine-rest/task/" + verified.getId() + "/attachment/" + attachmentId, HttpMethod.DELETE, null,
                    String.class);

            // Camunda's REST resource answers any refusal of a deletion as « not found »
            assertThat(deleted.getStatusCode().is4xxClientError()).as(user + ": " + deleted.getBody()).isTrue();
        }
        assertThat(taskService.getTaskAttachments(verified.getId())).extracting(Attachment::getName)
                .containsExactly("facture.txt");
    }

    @Test
    void nobodyJoinsAFileToATesterSOpenVerificationBesideItsForm() {
        ResponseEntity<String> added = addAttachment("marie", open.getId());

        // Camunda's REST resource answers any refusal of a new attachment as a bad request
        assertThat(added.getStatusCode().is4xxClientError()).as(added.getBody()).isTrue();
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

    private <T> ResponseEntity<T> get(String user, String path, Class<T> type) {
        return rest.withBasicAuth(user, "demo").getForEntity("/engine-rest/task/" + verified.getId() + path, type);
    }

    private ResponseEntity<String> addAttachment(String user, String taskId) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("attachment-name", "autre.txt");
        form.add("attachment-type", "text/plain");
        form.add("content", new ByteArrayResource("remplacée".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "autre.txt";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return rest.withBasicAuth(user, "demo").postForEntity("/engine-rest/task/" + taskId + "/attachment/create",
                new HttpEntity<>(form, headers), String.class);
    }
}
