package org.releasegate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Models deploy from {@code bpmn/} by relative name: unchanged files never make a new version, changed ones do. */
class ModelDeploymentTest extends IntegrationTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    TestRestTemplate rest;

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
    void modelerDeploysThroughTheRestApiWithCredentials() {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("deployment-name", "modeler");
        body.add("deploy-changed-only", "true");
        body.add("release-policy.bpmn", new FileSystemResource(Path.of("bpmn/release-policy.bpmn")));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);

        assertThat(rest.postForEntity("/engine-rest/deployment/create", new HttpEntity<>(body, headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("theo", "demo").postForEntity("/engine-rest/deployment/create",
                new HttpEntity<>(body, headers), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        var deployed = rest.withBasicAuth("admin", "demo").postForEntity("/engine-rest/deployment/create",
                new HttpEntity<>(body, headers), java.util.Map.class);
        assertThat(deployed.getStatusCode()).isEqualTo(HttpStatus.OK);
        // A BPMN alone would be the latest version without its decision and forms: keep the shared engine clean.
        repository().deleteDeployment((String) deployed.getBody().get("id"), true);
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
