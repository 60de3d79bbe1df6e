package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.Tmpfs;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad input end to end, through the real workers on real files: a full disk during the copy and during the archive
 * (a small tmpfs filled by a ballast file, mounted where the demo keeps the test server and the archives), and an
 * archive corrupted before a rollback. Each fails with a message a person can act on, loses nothing, and the release
 * goes on once the cause is gone.
 */
class BadInputTest extends IntegrationTest {

    private static final String NO_SPACE = "No space left on device";
    /** The 1.0 installer, archived by the demo "at the previous iteration": what a rollback reinstalls. */
    private static final String DEMO_INSTALLER_ARCHIVE = "installer-1.0-demo";

    @Autowired
    ExternalTaskService externalTaskService;
    @Autowired
    Installer installer;
    @Autowired
    ArchiveStore archives;

    private final Path demo = HOME.resolve("demo");
    private final Path productionData = demo.resolve("production/data");
    private String releaseId;

    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @AfterEach
    void endTheRelease() {
        stopRelease();
    }

    @Test
    void aFullDiskDuringTheCopyIsAnIncidentThatLosesNothingAndARetryAfterFreeingSpaceGoesOn() throws Exception {
        Path testServer = demo.resolve("test");
        String productionBefore = treeSha256(productionData);
        // The test server's own disk: its install root and data, with a previous copy of the data on it.
        try (Tmpfs ignored = Tmpfs.mount(testServer, "2m")) {
            try {
                Files.createDirectories(testServer.resolve("app"));
                Path testData = Files.createDirectories(testServer.resolve("data"));
                Files.writeString(testData.resolve("clients.csv"), "id;nom;ville\n9;Copie précédente;Lyon\n");
                Files.writeString(testData.resolve("schema-version"), "1.0\n");
                String testDataBefore = treeSha256(testData);
                Path ballast = fill(testServer);

                releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
                Incident incident = waitForIncident();
                assertThat(incident.getActivityId()).isEqualTo(Elements.COPY_PRODUCTION_DATA);
                assertReadable(incident.getIncidentMessage());
                assertThat(incident.getIncidentMessage()).startsWith("Disque plein")
                        .doesNotContain(NO_SPACE).doesNotContain(productionData.toString());
                assertThat(externalTaskService.getExternalTaskErrorDetails(incident.getConfiguration()))
                        .as("the trace names the file that did not fit").contains(NO_SPACE)
                        .contains(productionData.toString());

                assertThat(treeSha256(testData)).as("the previous test copy is intact").isEqualTo(testDataBefore);
                assertThat(children(testServer)).as("no staging folder left").containsExactlyInAnyOrder(
                        "app", "data", ballast.getFileName().toString());
                assertThat(treeSha256(productionData)).as("production only read").isEqualTo(productionBefore);

                Files.delete(ballast);
                retryAsOperations(incident);

                steps.waitForTasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3);
                assertThat(runtimeService.createIncidentQuery().processInstanceId(releaseId).count()).isZero();
                assertThat(ofRelease(runtimeService, releaseId, TEST_DATA_DIGEST))
                        .as("the test server got production's data").isEqualTo(productionBefore);
                assertThat(Files.readString(testData.resolve("schema-version")).strip()).as("and 1.1 migrated it")
                        .isEqualTo("1.1");
                assertThat(children(testServer)).containsExactlyInAnyOrder("app", "data");
                assertThat(treeSha256(productionData)).isEqualTo(productionBefore);
            } finally {
                stopRelease();
            }
        }
    }

    @Test
    void aFullDiskDuringTheArchiveIsAnIncidentThatPublishesNothingAndARetryAfterFreeingSpaceGoesOn() throws Exception {
        Path archiveRoot = archives.root();
        List<String> archivesBefore = ids(archives.list());
        Path aside = HOME.resolve("archives-before-tmpfs");
        copyTree(archiveRoot, aside);
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        awaitFinalAcceptance();
        String productionBefore = treeSha256(productionData);

        try (Tmpfs ignored = Tmpfs.mount(archiveRoot, "2m")) {
            try {
                copyTree(aside, archiveRoot);
                Path ballast = fill(archiveRoot);

                steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1,
                        with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
                Incident incident = waitForIncident();
                assertThat(incident.getActivityId()).as("the first archive after the acceptance: the full one, production running")
                        .isEqualTo(Elements.ARCHIVE_PRODUCTION_BASE);
                assertReadable(incident.getIncidentMessage());
                assertThat(incident.getIncidentMessage()).startsWith("Disque plein").doesNotContain(NO_SPACE);
                assertThat(externalTaskService.getExternalTaskErrorDetails(incident.getConfiguration()))
                        .contains(NO_SPACE).contains(ArchiveStore.CONTENT_FILE);

                assertThat(ids(archives.list())).as("nothing under a final archive id").isEqualTo(archivesBefore);
                assertThat(children(archiveRoot)).as("no attempt left")
                        .containsExactlyInAnyOrderElementsOf(concat(archivesBefore, ballast.getFileName().toString()));
                assertThat(treeSha256(productionData)).isEqualTo(productionBefore);
                assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.0");

                Files.delete(ballast);
                retryAsOperations(incident);

                steps.waitForTasks(releaseId, Elements.CONFIRM_PRODUCTION, 1);
                assertThat(runtimeService.createIncidentQuery().processInstanceId(releaseId).count()).isZero();
                Archive dataArchive = archives.verify(
                        ofRelease(runtimeService, releaseId, DATA_ARCHIVE_ID), VerificationDepth.DEEP);
                assertThat(dataArchive.contentSha256()).as("production as it was before the release")
                        .isEqualTo(productionBefore);
                assertThat(installer.installedVersion(demo.resolve("production/app"))).contains("1.1");
            } finally {
                stopRelease();
            }
        }
    }

    /** What can happen to an archive between the release and its rollback, and how the refusal names it. */
    enum Damage {
        DATA_ARCHIVE_FLIPPED_BYTE {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                flipMiddleByte(archives.find(dataArchiveId).orElseThrow().archiveFile());
                return "L'archive « " + dataArchiveId + " » est endommagée : elle ne redonne plus ce qui a été archivé";
            }
        },
        DATA_ARCHIVE_TRUNCATED {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                Path file = archives.find(dataArchiveId).orElseThrow().archiveFile();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(channel.size() - 7);
                }
                return "L'archive « " + dataArchiveId + " » est endommagée : elle ne redonne plus ce qui a été archivé";
            }
        },
        DATA_ARCHIVE_FILE_MISSING {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                Files.delete(archives.find(dataArchiveId).orElseThrow().archiveFile());
                return "L'archive « " + dataArchiveId + " » est endommagée : elle ne redonne plus ce qui a été archivé";
            }
        },
        DATA_ARCHIVE_DELETED {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                FileTrees.deleteRecursively(archives.find(dataArchiveId).orElseThrow().folder());
                return "L'archive « " + dataArchiveId + " » n'est plus dans le dossier des archives";
            }
        },
        PREVIOUS_INSTALLER_FLIPPED_BYTE {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                flipMiddleByte(archives.find(DEMO_INSTALLER_ARCHIVE).orElseThrow().archiveFile());
                return "L'archive « " + DEMO_INSTALLER_ARCHIVE + " » est endommagée : elle ne redonne plus ce qui a été archivé";
            }
        },
        PREVIOUS_INSTALLER_MANIFEST_UNREADABLE {
            @Override
            String apply(ArchiveStore archives, String dataArchiveId) throws IOException {
                Files.writeString(archives.find(DEMO_INSTALLER_ARCHIVE).orElseThrow().folder().resolve("manifest.json"),
                        "{ \"id\": \"installer-1.0-demo\", ");
                return "L'archive « " + DEMO_INSTALLER_ARCHIVE + " » est endommagée : elle ne redonne plus ce qui a été archivé";
            }
        };

        /** Damages the archive; returns what the refusal must say. */
        abstract String apply(ArchiveStore archives, String dataArchiveId) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedArchiveGoesBackToTheRollbackDecisionWithTheReasonAndProductionUntouched(Damage damage) throws Exception {
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        awaitFinalAcceptance();
        steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1,
                with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1,
                with(PRODUCTION_VERDICT, Choices.PRODUCTION_KO).and(PRODUCTION_COMMENT, "Factures en erreur"));
        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_ROLLBACK, 1).get(0);

        String productionBefore = treeSha256(productionData);
        Path installRoot = demo.resolve("production/app");
        Path currentBefore = Files.readSymbolicLink(installRoot.resolve("current"));
        String expectedReason = damage.apply(archives,
                ofRelease(runtimeService, releaseId, DATA_ARCHIVE_ID));
        List<String> archivesBefore = children(archives.root());

        // The release manager who started the release may not decide its rollback (four-eyes): paul does.
        steps.complete("paul", decision, with(ROLLBACK_DECISION, Choices.RESTORE)
                .and(ROLLBACK_COMMENT, "Retour à la 1.0"));
        Task again = ReleaseSteps.waitFor(() -> taskService.createTaskQuery().processInstanceId(releaseId)
                .taskDefinitionKey(Elements.DECIDE_ROLLBACK).list().stream()
                .filter(task -> !task.getId().equals(decision.getId())).findFirst().orElse(null));

        String reason = ofTask(taskService, again.getId(), FAILURE_REASON);
        assertReadable(reason);
        assertThat(reason).as("in French, without a server path").contains(expectedReason)
                .doesNotContain(HOME.toString()).doesNotContain(" is corrupted");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(releaseId).count()).isZero();
        assertThat(treeSha256(productionData)).as("production byte-identical").isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).isEqualTo(currentBefore);
        assertThat(installer.installedVersion(installRoot)).contains("1.1");
        assertThat(children(archives.root())).as("no pre-restore archive, scratch space or attempt left")
                .containsExactlyInAnyOrderElementsOf(archivesBefore);
    }

    /**
     * Verifies every change and strategic process of the demo release as OK. Only people's tasks are waited for, so
     * automated steps added before or after them need no change here.
     */
    private void awaitFinalAcceptance() {
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.waitForTasks(releaseId, Elements.FINAL_ACCEPTANCE, 1);
    }

    private Incident waitForIncident() {
        return ReleaseSteps.waitFor(() -> runtimeService.createIncidentQuery().processInstanceId(releaseId).singleResult());
    }

    /** As olivia does in Cockpit: gives the failed step one more try. */
    private void retryAsOperations(Incident incident) {
        assertThat(client.as("olivia").put(
                "/engine-rest/external-task/" + incident.getConfiguration() + "/retries", Map.of("retries", 1))
                .status()).isEqualTo(204);
    }

    /** Ends the test's release once no worker holds one of its tasks, so nothing writes on a disk being unmounted. */
    private void stopRelease() {
        if (releaseId == null) {
            return;
        }
        ReleaseSteps.waitFor(() -> externalTaskService.createExternalTaskQuery().processInstanceId(releaseId).locked()
                .count() == 0 ? true : null);
        if (runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).count() > 0) {
            runtimeService.deleteProcessInstance(releaseId, "test over");
        }
        releaseId = null;
    }

    /** A person reads this in Cockpit or in a form: a sentence, not a class name or a stack trace. */
    private static void assertReadable(String message) {
        assertThat(message).isNotBlank()
                .doesNotContain("\tat ")
                .doesNotContainPattern("\\b(java|javax|jakarta|org|com)\\.[\\w.$]*(Exception|Error)\\b")
                .doesNotContainPattern("^\\w*(Exception|Error)$");
    }

    /** Fills the file system of {@code folder} with one ballast file, to the last byte. */
    private static Path fill(Path folder) throws IOException {
        Path ballast = folder.resolve("ballast.bin");
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        try (FileChannel out = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining(NO_SPACE);
        }
        assertThat(Files.getFileStore(folder).getUsableSpace()).as("the disk is full").isLessThan(4096);
        return ballast;
    }

    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        Files.createDirectories(to);
        Process cp = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).inheritIO().start();
        assertThat(cp.waitFor(30, TimeUnit.SECONDS) && cp.exitValue() == 0).as("cp -a %s %s", from, to).isTrue();
    }

    private static void flipMiddleByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
    }

    private static String treeSha256(Path folder) throws IOException {
        return FolderDigest.treeSha256(FolderDigest.of(folder));
    }

    private static List<String> ids(List<Archive> archives) {
        return archives.stream().map(Archive::id).toList();
    }

    private static List<String> concat(List<String> names, String name) {
        return Stream.concat(names.stream(), Stream.of(name)).toList();
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(child -> child.getFileName().toString()).toList();
        }
    }
}
