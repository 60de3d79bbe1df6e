package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.Variables.SerializationDataFormats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An {@code Object} variable is deserialized only into the types application.yaml allows: one naming another class
 * (here {@code java.io.FileOutputStream}, whose constructor would truncate the file it names) is refused when read,
 * through the Java API and the REST API alike, and the class is never instantiated.
 */
class DeserializationTypeValidationTest extends IntegrationTest {

    private static final String NOT_ALLOWED = "not whitelisted for deserialization";

    @Autowired
    IdentityService identity;
    @LocalServerPort
    int port;
    @TempDir
    Path folder;

    private String taskId;

    @AfterEach
    void deleteTask() {
        if (taskId != null) {
            taskService.deleteTask(taskId, true);
        }
    }

    @Test
    void anObjectVariableNamingAClassOutsideTheListIsRefusedAndNeverInstantiated() throws Exception {
        Path victim = Files.writeString(folder.resolve("victime.txt"), "intact");
        asAdmin(() -> {
            Task task = taskService.newTask();
            task.setName("Essai de désérialisation");
            taskService.saveTask(task);
            taskId = task.getId();
            taskService.setVariable(taskId, "charge", Variables.serializedObjectValue("\"" + victim + "\"")
                    .serializationDataFormat(SerializationDataFormats.JSON)
                    .objectTypeName("java.io.FileOutputStream")
                    .create());
        });

        asAdmin(() -> assertThatThrownBy(() -> taskService.getVariable(taskId, "charge"))
                .hasMessageContaining("Cannot deserialize object in variable 'charge'")
                .rootCause().hasMessageContaining(NOT_ALLOWED).hasMessageContaining("java.io.FileOutputStream"));
        ApplicationClient admin = ApplicationClient.basic(port, "admin", "demo");
        for (String path : List.of("/variables?deserializeValues=true", "/variables/charge")) {
            Response read = admin.get("/engine-rest/task/" + taskId + path);
            assertThat(read.status()).as(path).isEqualTo(500);
            // refused, in French without the engine's English (which goes to the server's log)
            assertThat(read.json().path("message").asText()).as(path)
                    .isEqualTo(org.releasegate.message.Messages.text("engine-rest.failed"));
        }
        assertThat(admin.get("/engine-rest/task/" + taskId + "/variables/charge?deserializeValue=false").status())
                .as("the serialized form stays readable").isEqualTo(200);

        assertThat(Files.readString(victim)).as("the file the variable names").isEqualTo("intact");
    }

    @Test
    void theApplicationsOwnItemListsStillRead() {
        asAdmin(() -> {
            Task task = taskService.newTask();
            taskService.saveTask(task);
            taskId = task.getId();
            taskService.setVariable(taskId, "changes", ReleasePolicy.changesToVerify(List.of(
                    ChangeToVerify.change("GES-1", "1.1", "Ventes", "Remise par client"),
                    ChangeToVerify.change("GES-2", "1.1", "Stock", "Inventaire"))));
            Map<String, Object> decision = new java.util.HashMap<>(Map.of("verifyRoadBook", true));
            taskService.setVariable(taskId, "releaseChecks", decision);
        });

        asAdmin(() -> {
            assertThat(taskService.getVariable(taskId, "changes")).asList().hasSize(2)
                    .first().isEqualTo(Map.of("id", "GES-1", "version", "1.1", "module", "Ventes", "title", "Remise par client"));
            assertThat(taskService.getVariable(taskId, "releaseChecks")).isEqualTo(Map.of("verifyRoadBook", true));
        });
    }

    private void asAdmin(Runnable call) {
        identity.setAuthentication("admin", List.of(Roles.ADMINS));
        try {
            call.run();
        } finally {
            identity.clearAuthentication();
        }
    }
}
