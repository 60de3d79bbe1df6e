package org.releasegate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/** Models deploy from {@code bpmn/} by relative name: unchanged files never make a new version, changed ones do. */
class ModelDeploymentTest extends IntegrationTest {

    @Autowired
    ProcessEngine engine;

    @Test
    void restartWithUnchangedModelsFromAnotherDirectoryCreatesNoNewVersion(@TempDir Path elsewhere) throws IOException {
        long versions = releasePolicyVersions();
        Path copy = copyModels(elsewhere);

        new ModelFolderDeployment(Path.of("bpmn")).postProcessEngineBuild(engine);
        new ModelFolderDeployment(copy).postProcessEngineBuild(engine);

        assertThat(releasePolicyVersions()).isEqualTo(versions);
    }

    @Test
    void changedFormAloneDeploysANewProcessVersionUsingIt(@TempDir Path elsewhere) throws IOException {
        Path copy = copyModels(elsewhere);
        long versions = releasePolicyVersions();
        Path form;
        try (Stream<Path> forms = Files.list(copy.resolve("forms"))) {
            form = forms.filter(file -> file.toString().endsWith(".form")).findFirst().orElseThrow();
        }
        Files.writeString(form, Files.readString(form).replace("\"type\": \"default\"", "\"type\": \"default\" "));

        new ModelFolderDeployment(copy).postProcessEngineBuild(engine);

        assertThat(releasePolicyVersions()).isEqualTo(versions + 1);
        String latestDeployment = repository().createProcessDefinitionQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                .latestVersion().singleResult().getDeploymentId();
        assertThat(repository().getDeploymentResourceNames(latestDeployment))
                .contains("release-policy.bpmn", "release-policy.dmn", "forms/" + form.getFileName());
    }

    @Test
    void modelerDeploysThroughTheRestApiWithCredentials() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("deployment-name", "modeler");
        fields.put("deploy-changed-only", "true");
        String model = Files.readString(Path.of("bpmn/release-policy.bpmn"));

        assertThat(deploy(client, fields, model).status()).isEqualTo(401);
        assertThat(deploy(client.as("theo"), fields, model).status()).isEqualTo(403);
        Response deployed = deploy(client.as("admin"), fields, model);
        assertThat(deployed.status()).isEqualTo(200);
        // A BPMN alone would be the latest version without its decision and forms: keep the shared engine clean.
        repository().deleteDeployment((String) deployed.json(Map.class).get("id"), true);
    }

    private static Response deploy(ApplicationClient client, Map<String, String> fields, String model) {
        return client.postMultipart("/engine-rest/deployment/create", fields, "release-policy.bpmn",
                "release-policy.bpmn", model);
    }

    private Path copyModels(Path target) throws IOException {
        Path source = Path.of("bpmn");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private long releasePolicyVersions() {
        return repository().createProcessDefinitionQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).count();
    }

    private RepositoryService repository() {
        return engine.getRepositoryService();
    }
}
