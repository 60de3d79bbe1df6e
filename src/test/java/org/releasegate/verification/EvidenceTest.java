package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.FAILED_EVIDENCE;
import static org.releasegate.process.ReleasePolicy.Vars.FAILED_VERIFICATIONS;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.http.ContentDisposition;

/**
 * A tester joins evidence to a failed verification; the release manager sees it, and can open it (under its own
 * name), in the decision.
 */
class EvidenceTest extends IntegrationTest {



    @BeforeEach
    void demo() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void evidenceOfAFailedVerificationIsAttachedToItsTaskAndShownInTheDecision() {
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        List<Task> changes = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        Task failing = changes.stream().filter(task -> task.getName().startsWith("Vérifier GES-1101")).findFirst().orElseThrow();
        byte[] screenshot = "pied de facture sans pénalités".getBytes(StandardCharsets.UTF_8);

        Response submitted = submitWithEvidence(failing.getId(), screenshot);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(204);
        List<Attachment> attachments = taskService.getTaskAttachments(failing.getId());
        assertThat(attachments).extracting(Attachment::getName).containsExactly("facture-GES-1101.txt");
        assertThat(runtimeService.getVariables(releaseId)).doesNotContainKeys("evidence1", "evidence2", "evidence3");

        changes.stream().filter(task -> task != failing).forEach(task -> steps.complete("theo", task, with(VERDICT, "OK")));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_ON_FAILURE, 1).get(0);

        Map<String, Object> shown = taskService.getVariables(decision.getId());
        assertThat(FAILED_VERIFICATIONS.from(shown))
                .contains("GES-1101", "theo : la mention des pénalités manque", "preuves : facture-GES-1101.txt");
        String attachmentId = attachments.get(0).getId();
        assertThat(FAILED_EVIDENCE.from(shown)).isEqualTo("- GES-1101 (1.1) : [facture-GES-1101.txt]("
                + "../../../api/engine/engine/default/task/" + failing.getId() + "/attachment/" + attachmentId + "/data)");
        Response opened = client.as("marie").get("/engine-rest/task/" + failing.getId() + "/attachment/" + attachmentId + "/data");
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.bytes()).isEqualTo(screenshot);
        // saved by the browser under its own name, not as « data »
        ContentDisposition disposition = ContentDisposition.parse(opened.header("Content-Disposition"));
        assertThat(disposition.isAttachment()).isTrue();
        assertThat(disposition.getFilename()).isEqualTo("facture-GES-1101.txt");
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    private Response submitWithEvidence(String taskId, byte[] content) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(VERDICT.name(), Map.of("value", "KO"));
        variables.put(COMMENT.name(), Map.of("value", "la mention des pénalités manque"));
        variables.put("evidence1", Map.of("type", "File", "value", Base64.getEncoder().encodeToString(content),
                "valueInfo", Map.of("filename", "facture-GES-1101.txt", "mimeType", "text/plain")));
        // What the embedded form sends for an input left empty.
        variables.put("evidence2", Map.of("type", "File", "value", "", "valueInfo", Map.of("filename", "")));
        return client.as("theo").post("/engine-rest/task/" + taskId + "/submit-form",
                Map.of("variables", variables));
    }
}
