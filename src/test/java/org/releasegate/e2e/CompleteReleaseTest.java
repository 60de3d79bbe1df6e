package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Variables.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.data.FolderDigest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole release of the demo, driven through the REST API as the demo users would through Tasklist, with the
 * real workers doing the copy, installs and archives on real files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class CompleteReleaseTest {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTestSetup.register(registry);
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService taskService;
    @Autowired
    HistoryService historyService;
    @Autowired
    Installer installer;
    @Autowired
    ArchiveStore archives;

    @Test
    void demoReleaseReachesProductionWithMigratedDataAndVerifiedArchives() throws Exception {
        Path demo = IntegrationTestSetup.HOME.resolve("demo");
        Path productionData = demo.resolve("production/data");
        String productionBefore = FolderDigest.treeSha256(FolderDigest.of(productionData));
        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.0");

        String releaseId = startRelease("marie");
        completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, Map.of(VERDICT.name(), "OK"));
        completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, Map.of(VERDICT.name(), "OK"));
        completeEach(releaseId, "marie", Elements.FINAL_ACCEPTANCE, 1, Map.of(ACCEPTANCE_DECISION.name(), Choices.ACCEPTED));
        Task confirmation = waitForTasks(releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);
        assertThat(taskService.getVariable(confirmation.getId(), HEALTH_REPORT.name()).toString())
                .contains("CONFORME").contains("Programme Gestan 1.1, données version 1.1");
        completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1, Map.of(PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK));

        HistoricProcessInstance release = waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());
        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION);

        assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.1");
        assertThat(Files.readString(productionData.resolve("schema-version")).strip()).isEqualTo("1.1");
        assertThat(Files.readAllLines(productionData.resolve("clients.csv")).get(0)).isEqualTo("id;nom;ville;pays");

        Archive dataArchive = archives.verify(variable(releaseId, DATA_ARCHIVE_ID.name()));
        assertThat(dataArchive.treeSha256()).as("the archive holds production as it was before the release")
                .isEqualTo(productionBefore);
        Archive installerArchive = archives.verify(variable(releaseId, INSTALLER_ARCHIVE_ID.name()));
        assertThat(installerArchive.files()).singleElement()
                .satisfies(file -> assertThat(file.sha256()).isEqualTo(variable(releaseId, INSTALLER_SHA256.name())));

        assertThat(FolderDigest.treeSha256(FolderDigest.of(demo.resolve("test/data"))))
                .as("the test server holds the same migrated copy of production's data")
                .isEqualTo(FolderDigest.treeSha256(FolderDigest.of(productionData)));
        assertThat(installer.installedVersion(demo.resolve("test/app"))).contains("1.1");
    }

    private String startRelease(String user) {
        Map<String, Object> body = Map.of("variables", Map.of(
                TARGET_VERSION.name(), Map.of("value", "1.1"),
                INSTALLER_PACKAGE.name(), Map.of("value", "gestan-1.1.zip"),
                ROAD_BOOK.name(), Map.of("value", "road-book.md"),
                RELEASE_KIND.name(), Map.of("value", "minor"),
                POLICY_LEVEL.name(), Map.of("value", "strict"),
                PRODUCTION_WINDOW_PLANNED.name(), Map.of("value", false)));
        ResponseEntity<Map> started = rest.withBasicAuth(user, "demo").postForEntity(
                "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form", body, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
        return (String) started.getBody().get("id");
    }

    /** Completes, as {@code user} through the REST API, the given number of tasks of one kind once they exist. */
    private void completeEach(String releaseId, String user, String taskKey, int count, Map<String, Object> variables) {
        for (Task task : waitForTasks(releaseId, taskKey, count)) {
            Map<String, Object> submitted = new java.util.HashMap<>();
            variables.forEach((name, value) -> submitted.put(name, Map.of("value", value)));
            ResponseEntity<String> response = rest.withBasicAuth(user, "demo").postForEntity(
                    "/engine-rest/task/" + task.getId() + "/submit-form", Map.of("variables", submitted), String.class);
            assertThat(response.getStatusCode()).as("%s completes %s: %s", user, taskKey, response.getBody())
                    .isEqualTo(HttpStatus.NO_CONTENT);
        }
    }

    private List<Task> waitForTasks(String releaseId, String taskKey, int count) {
        return waitFor(() -> {
            List<Task> tasks = taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).list();
            return tasks.size() == count ? tasks : null;
        });
    }

    private String variable(String releaseId, String name) {
        return (String) historyService.createHistoricVariableInstanceQuery().processInstanceId(releaseId)
                .variableName(name).singleResult().getValue();
    }

    private static <T> T waitFor(Supplier<T> condition) {
        Instant deadline = Instant.now().plus(STEP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Nothing after " + STEP_TIMEOUT.toSeconds() + " s: is an automated step stuck? See the log");
    }
}
