package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Attachment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two whole releases walked by the demo users in Camunda Tasklist, Cockpit and the view of releases, in one headless
 * Chromium driven by {@code src/test/browser/release-walk.mjs} (with {@code restore-walk.mjs},
 * {@code releases-view.mjs}, {@code more-screens.mjs} and their {@code walk-support.mjs}): paul's patch, which production does not take
 * (marie is refused a second release meanwhile; olivia finds production not conform, marie restores, olivia
 * confirms the restored production), then marie's release with a failed verification, an urgent fix, paul's
 * acceptance and olivia's confirmation of production, followed in the view of releases and in Cockpit; then Admin and
 * Welcome as the administrator. Tasklist's tabs and dialogs, the login page and a slow script of the webapps' start
 * are walked on the way. The script asserts what each user sees — French only, no engine code, no server path — and
 * keeps screenshots in {@code target/screenshots};
 * this test checks through the engine how each release ended and who did what.
 */
class BrowserReleaseTest extends IntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserReleaseTest.class);
    private static final Path BROWSER_TEST = Path.of("src/test/browser").toAbsolutePath();
    private static final Path WALK = BROWSER_TEST.resolve("release-walk.mjs");
    private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration WALK_TIMEOUT = Duration.ofMinutes(15);
    /** One a step of the walk (what each user sees, checked to be French first). */
    private static final int SCREENSHOTS_TAKEN = 40;
    private static final String INSTALL = "the browser test needs Debian's chromium, Node.js 20 and its npm packages: "
            + "run .ci/install-browser (as root)";

    @LocalServerPort
    int port;
    @Value("${releasegate.demo.password}")
    String demoPassword;

    /**
     * Every user's list must hold this release's tasks only, and the road book's changes are verified only while
     * production still runs 1.0: start from the demo as laid out on first start...
     */
    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    /** ...and leave it so for the next test, which may expect production to run 1.0. */
    @AfterEach
    void leaveTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void demoUsersWalkAProductionKoWithItsRestoreThenAReleaseToProductionInTasklistCockpitAndTheViewOfReleases()
            throws Exception {
        Instant walkStarted = Instant.now().minusSeconds(1);

        assertThat(runWalk()).as("exit code of release-walk.mjs (its output is in the test log above)").isZero();

        Map<String, HistoricProcessInstance> walked = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ReleasePolicy.PROCESS_KEY).startedAfter(Date.from(walkStarted)).list().stream()
                // a release of an earlier test, deleted as the walk began, is not a walked one
                .filter(release -> release.getDeleteReason() == null)
                .collect(Collectors.toMap(HistoricProcessInstance::getStartUserId, release -> release));
        assertThat(walked).as("releases started during the walk, by their starter (marie's second start was refused)")
                .containsOnlyKeys("paul", "marie");

        // paul's patch: production not conform, marie (not paul: four-eyes) restores, olivia confirms the restore.
        HistoricProcessInstance restored = finished(walked.get("paul").getId());
        assertThat(restored.getEndActivityId()).isEqualTo(Elements.END_PREVIOUS_VERSION_RESTORED);
        assertThat(whoCompleted(restored.getId())).as("who completed each task of paul's release").isEqualTo(Map.of(
                Elements.FINAL_ACCEPTANCE, List.of("marie"),
                Elements.CONFIRM_PRODUCTION, List.of("olivia"),
                Elements.DECIDE_ROLLBACK, List.of("marie"),
                Elements.CONFIRM_RESTORED_PRODUCTION, List.of("olivia")));

        HistoricProcessInstance release = finished(walked.get("marie").getId());
        assertThat(release.getEndActivityId()).isEqualTo(Elements.END_IN_PRODUCTION);
        // Round 1: three changes and three processes; round 2, after the urgent fix: the failed change and the processes.
        assertThat(whoCompleted(release.getId())).as("who completed each task of marie's release").isEqualTo(Map.of(
                Elements.VERIFY_CHANGE, List.of("theo", "theo", "theo", "theo"),
                Elements.VERIFY_STRATEGIC_PROCESS, List.of("karim", "karim", "karim", "karim", "karim", "karim"),
                Elements.DECIDE_ON_FAILURE, List.of("marie"),
                Elements.PROVIDE_CORRECTED_INSTALLER, List.of("marie"),
                Elements.FINAL_ACCEPTANCE, List.of("paul"),
                Elements.CONFIRM_PRODUCTION, List.of("olivia")));
        assertThat(taskService.getProcessInstanceAttachments(release.getId())).as("evidence attached by theo in Tasklist")
                .extracting(Attachment::getName).containsExactly("facture-FA-2026-001.txt");
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            assertThat(files.filter(file -> file.toString().endsWith(".png")).count())
                    .as("screenshots kept in %s", SCREENSHOTS).isGreaterThanOrEqualTo(SCREENSHOTS_TAKEN);
        }
    }

    private HistoricProcessInstance finished(String releaseId) {
        return ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(releaseId).finished().singleResult());
    }

    private Map<String, List<String>> whoCompleted(String releaseId) {
        return historyService.createHistoricTaskInstanceQuery().processInstanceId(releaseId).finished().list().stream()
                .collect(Collectors.groupingBy(HistoricTaskInstance::getTaskDefinitionKey,
                        Collectors.mapping(HistoricTaskInstance::getAssignee, Collectors.toList())));
    }

    private int runWalk() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: " + INSTALL);
        }
        if (!Files.isDirectory(BROWSER_TEST.resolve("node_modules/playwright-core"))) {
            fail(BROWSER_TEST.resolve("node_modules") + " is missing: " + INSTALL);
        }
        ProcessBuilder builder = new ProcessBuilder("node", WALK.toString(), "http://localhost:" + port, SCREENSHOTS.toString())
                .directory(BROWSER_TEST.toFile())
                .redirectErrorStream(true);
        builder.environment().put("RELEASE_GATE_PASSWORD", demoPassword);
        Process walk;
        try {
            walk = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run node: " + INSTALL, e);
        }
        Thread output = new Thread(() -> logOutput(walk), "release-walk-output");
        output.setDaemon(true);
        output.start();
        if (!walk.waitFor(WALK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            walk.descendants().forEach(ProcessHandle::destroyForcibly);
            walk.destroyForcibly();
            fail("release-walk.mjs did not finish within " + WALK_TIMEOUT.toMinutes() + " min");
        }
        output.join(Duration.ofSeconds(5).toMillis());
        return walk.exitValue();
    }

    private static void logOutput(Process walk) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(walk.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> LOG.info("[browser] {}", line));
        } catch (IOException e) {
            LOG.warn("Lost the output of release-walk.mjs", e);
        }
    }
}
