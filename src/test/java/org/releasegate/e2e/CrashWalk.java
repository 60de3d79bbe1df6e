package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.RESTORED_PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_DATA_DIGEST;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.worker.StepTopics;

/**
 * Crash tests: Release Gate runs in a JVM of its own on the demo, its production data made big enough (
 * {@value #BULK_FILES} files of {@value #BULK_FILE_MIB} MiB) for the copy and the archive to take seconds, and the
 * release's package given a migration that rewrites that bulk data file by file (a second each). The application is
 * killed with SIGKILL and started again on the same database and folders four times: in the middle of the copy to the
 * test environment, of the full archive of production's data (taken before the window), of the migration of
 * production's data during its install, and of the restore that follows a non-conforming production; the release is
 * walked through the REST API as the demo users do. After each kill and at the end: the test environment is the old or the new complete copy,
 * production is untouched (byte-identical data, same program) or complete in its new state, never a mix; no
 * unverified or partial archive is registered or left behind; no completed step is lost or done twice; the walk ends
 * with the previous version and its data back in production, and the state before the restore archived.
 * <p>
 * Subclasses give the engine's database; the timings of each run are printed and appended to
 * {@code target/crash-tests/timings.txt}.
 */
abstract class CrashWalk {

    static final int BULK_FILES = 4;
    static final int BULK_FILE_MIB = 64;
    private static final long MIB = 1 << 20;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final Path OUTPUT = Path.of("target", "crash-tests").toAbsolutePath();

    private final Map<String, Double> timings = new LinkedHashMap<>();
    private final List<String> kills = new ArrayList<>();
    private Instant clock = Instant.now();
    private ChildApplication application;
    private DemoHome home;

    /** The engine's database: a name for logs, the Spring arguments and environment variables that select it. */
    abstract String engineDatabase();

    /** Called once, before the first start. */
    void createEmptyDatabase() throws Exception {
    }

    abstract List<String> databaseArguments(Path home) throws Exception;

    abstract Map<String, String> databaseEnvironment() throws Exception;

    @AfterEach
    void stopAndCleanUp() throws Exception {
        report();
        if (home != null) {
            home.close();
        }
    }

    @Test
    void aReleaseKilledDuringItsCopyArchiveInstallAndRestoreContinuesAndLosesNothing() throws Exception {
        home = DemoHome.create("release-gate-crash");
        Path demo = home.demo();
        Path productionData = demo.resolve("production/data");
        Path testData = demo.resolve("test/data");
        Path archiveRoot = demo.resolve("archives");
        ArchiveStore archives = new ArchiveStore(archiveRoot, Clock.systemUTC(), new ObjectMapper());

        createEmptyDatabase();
        application = start();
        lap("first start");
        waitFor("the demo laid out", () -> Files.exists(demo.resolve(".demo-ready")) ? true : null);
        writeBulkData(productionData.resolve("bulk"));
        writeSlowPackage(demo.resolve("inbox/gestan-1.1.zip"));
        Path installRoot = demo.resolve("production/app");
        Path programBefore = Files.readSymbolicLink(installRoot.resolve("current"));
        // The copy of an earlier release, which the test environment must keep or lose whole.
        Files.createDirectories(testData);
        Files.writeString(testData.resolve("schema-version"), "0.9\n");
        Files.writeString(testData.resolve("jeu-precedent.txt"), "copie de production de la mise en production précédente\n");
        String productionBefore = treeSha256(productionData);
        String oldTestCopy = treeSha256(testData);
        lap("bulk data written and hashed");

        String releaseId = startRelease(application.rest());

        // Kill 1: in the middle of the copy to the test environment. The copy takes two seconds or so: the kill
        // follows the first megabytes staged, with no call to the application in between.
        awaitLockedTask(StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST));
        Path staging = awaitGrowing("the staged copy of production", testData.getParent(),
                name -> name.startsWith(".data.staging-"), 8 * MIB);
        application.kill();
        long stagedAtKill = sizeOf(staging);
        kills.add("copy-production-data: killed with " + stagedAtKill / MIB + " MiB of " + bulkMib() + " MiB staged");
        lap("copy until kill");
        assertThat(staging).as("the kill landed during the copy: its staging folder is there").isDirectory();
        assertThat(treeSha256(testData)).as("after the kill, the test environment is the old or the new complete copy")
                .isIn(oldTestCopy, productionBefore);
        assertThat(treeSha256(productionData)).as("production after the kill during the copy").isEqualTo(productionBefore);
        assertThat(archiveFolders(archiveRoot)).as("nothing archived yet").containsExactly("installer-1.0-demo");

        application = start();
        lap("second start");
        ApplicationClient rest = application.rest();
        List<JsonNode> changes = waitForTasks(rest, releaseId, Elements.VERIFY_CHANGE, 3);
        lap("copy and install on test after the restart");
        assertThat(siblings(testData.getParent(), name -> name.startsWith(".data."))).as("leftovers of the dead copy").isEmpty();
        assertThat(variable(rest, releaseId, TEST_DATA_DIGEST.name()))
                .as("the copy redone after the crash is production's complete data").isEqualTo(productionBefore);
        assertThat(digests(testData.resolve("bulk"))).as("the test environment holds the new copy (then migrated)")
                .isEqualTo(digests(productionData.resolve("bulk")));
        assertThat(testData.resolve("jeu-precedent.txt")).doesNotExist();
        assertThat(treeSha256(productionData)).as("production after the copy redone").isEqualTo(productionBefore);

        verifyAllAndAccept(rest, releaseId, changes);
        lap("verifications and final acceptance");

        // Kill 2: in the middle of the full archive of production's data, taken while production still runs, before
        // its window; the archive inside the window then holds only what changed since (here: nothing), too little
        // to be killed in the middle of.
        awaitLockedTask(Topics.ARCHIVE_PRODUCTION_BASE);
        Path attempt = awaitGrowing("the full archive being written", archiveRoot,
                name -> name.startsWith(".tmp-production-base-"), 8 * MIB);
        application.kill();
        long archivedAtKill = sizeOf(attempt);
        kills.add("archive-production-base: killed with " + archivedAtKill / MIB + " MiB of compressed archive written in "
                + attempt.getFileName());
        lap("full archive until kill");
        assertThat(attempt).as("the kill landed during the archive: its temporary folder is there").isDirectory();
        assertThat(archiveFolders(archiveRoot)).as("no archive registered under its final name by the dead attempt")
                .containsExactly("installer-1.0-demo");
        assertThat(treeSha256(productionData)).as("production after the kill during the archive").isEqualTo(productionBefore);

        application = start();
        lap("third start");
        ApplicationClient beforeWindow = application.rest();
        // Nothing of production is touched before its window; operations opens the window now rather than in an hour.
        JsonNode window = awaitWindow(beforeWindow, releaseId, Elements.PRODUCTION_WINDOW_REACHED);
        List<String> baseArchives = archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("production-base-"))
                .toList();
        List<String> testedInstallers = archiveFolders(archiveRoot).stream()
                .filter(id -> id.startsWith("installer-1.1-tested-")).toList();
        assertThat(archiveFolders(archiveRoot)).as("before the window: the installer of the demo, the tested installer "
                + "and the full archive").hasSize(3).contains("installer-1.0-demo").containsAll(testedInstallers)
                .containsAll(baseArchives);
        assertThat(archives.verify(baseArchives.get(0), VerificationDepth.DEEP).treeSha256())
                .as("the full archive holds production as it ran").isEqualTo(productionBefore);
        assertThat(beforeWindow.as("admin").post("/job/" + window.path("id").asText() + "/execute", null).status())
                .isEqualTo(204);

        // Kill 3: in the middle of the migration of production's data, which the package rewrites file by file.
        Path migrating = waitFor("the migration of production's data", () -> migratingFile(productionData.getParent()));
        application.kill();
        kills.add("install-version (production): killed while the migration rewrote " + productionData.getParent()
                .relativize(migrating));
        lap("archives, drill and install until kill");
        assertThat(treeSha256(productionData)).as("production's data after the kill during its migration")
                .isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("production's program after that kill")
                .isEqualTo(programBefore);

        application = start();
        lap("fourth start");
        ApplicationClient engine = application.rest();
        JsonNode confirmation = waitForTasks(engine, releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);
        lap("install and start after the restart");
        assertThat(siblings(productionData.getParent(), name -> name.startsWith(".data."))).as("leftovers of the dead migration")
                .isEmpty();
        assertThat(Files.readString(productionData.resolve("schema-version")).strip()).isEqualTo("1.1");
        assertThat(digests(productionData.resolve("bulk"))).as("production's bulk data went through the migration intact")
                .isEqualTo(digests(testData.resolve("bulk")));
        Path programAfterInstall = Files.readSymbolicLink(installRoot.resolve("current"));
        assertThat(programAfterInstall).isNotEqualTo(programBefore);
        String productionAfterInstall = treeSha256(productionData);
        // The base's copy the drill used is set aside until the release ends (deleting it would cost the window).
        assertThat(siblings(archiveRoot, name -> name.startsWith(".") && !name.startsWith(".restored-" + releaseId
                + ".tmp-"))).as("leftovers of the dead archive").isEmpty();
        List<String> archiveIds = archiveFolders(archiveRoot);
        for (String id : archiveIds) {
            archives.verify(id, VerificationDepth.DEEP);
        }
        String dataArchiveId = variable(engine, releaseId, DATA_ARCHIVE_ID.name());
        assertThat(archiveIds.stream().filter(id -> id.startsWith("production-data-")))
                .as("one archive of production's data").containsExactly(dataArchiveId);
        Archive dataArchive = archives.verify(dataArchiveId, VerificationDepth.DEEP);
        assertThat(dataArchive.contentSha256()).as("the archive holds production as it was before the install")
                .isEqualTo(productionBefore);
        assertThat(dataArchive.baseId()).as("inside the window, only what changed since the full archive")
                .isEqualTo(baseArchives.get(0));
        assertThat(variable(engine, releaseId, INSTALLER_ARCHIVE_ID.name()))
                .as("the window kept the installer archived and verified before it").isEqualTo(testedInstallers.get(0));

        // Production is not conforming: the release manager has the previous version restored.
        restorePreviousVersionNow(engine, releaseId, confirmation);

        // Kill 4: in the middle of the restore (production stopped), once production's data is archived and the
        // archived one is staged.
        awaitLockedTask(StepTopics.of(Topics.RESTORE_ARCHIVE, Environments.PRODUCTION));
        Path restoring = awaitGrowing("the staged restore of production's data", productionData.getParent(),
                name -> name.startsWith(".data.staging-"), 8 * MIB);
        application.kill();
        kills.add("restore-archive: killed with " + sizeOf(restoring) / MIB + " MiB of " + bulkMib() + " MiB staged");
        lap("rollback decision and restore until kill");
        Path programAtKill = Files.readSymbolicLink(installRoot.resolve("current"));
        String dataAtKill = treeSha256(productionData);
        assertThat(List.of(programAtKill, dataAtKill)).as("after the kill during the restore, production is the "
                        + "installed release or the restored version, never a mix")
                .isIn(List.of(programAfterInstall, productionAfterInstall), List.of(programBefore, productionBefore));

        application = start();
        lap("fifth start");
        ApplicationClient restarted = application.rest();
        // Operations confirm the restored production.
        complete(restarted, "olivia", waitForTasks(restarted, releaseId, Elements.CONFIRM_RESTORED_PRODUCTION, 1).get(0),
                Map.of(RESTORED_PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK));
        awaitCompleted(restarted, releaseId);
        lap("restore and health check after the restart");
        assertThat(endEvents(restarted, releaseId)).as("how the release ended").containsExactly(Elements.END_PREVIOUS_VERSION_RESTORED);
        assertThat(treeSha256(productionData)).as("production's data restored byte for byte").isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("production's previous program")
                .isEqualTo(programBefore);
        assertThat(siblings(productionData.getParent(), name -> name.startsWith(".data."))).as("leftovers of the dead restore")
                .isEmpty();
        String preRestoreId = variable(restarted, releaseId, PRE_RESTORE_ARCHIVE_ID.name());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("pre-restore-data-")))
                .as("one archive of production before the restore, made before the kill").containsExactly(preRestoreId);
        Archive preRestore = archives.verify(preRestoreId, VerificationDepth.DEEP);
        assertThat(preRestore.version()).as("the version production ran before the restore").isEqualTo("1.1");
        assertThat(preRestore.treeSha256()).as("the rollback loses nothing").isEqualTo(productionAfterInstall);
        for (String id : archiveFolders(archiveRoot)) {
            archives.verify(id, VerificationDepth.DEEP);
        }

        assertThat(completedUserTasks(restarted, releaseId)).as("every person's task completed once, none lost, none twice")
                .isEqualTo(Map.of(Elements.VERIFY_CHANGE, 3, Elements.VERIFY_STRATEGIC_PROCESS, 3,
                        Elements.FINAL_ACCEPTANCE, 1, Elements.CONFIRM_PRODUCTION, 1, Elements.DECIDE_ROLLBACK, 1,
                        Elements.CONFIRM_RESTORED_PRODUCTION, 1));
        assertEachRanToItsEndOnce(restarted, releaseId, List.of(Elements.COPY_PRODUCTION_DATA, Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA,
                Elements.ARCHIVE_INSTALLER, Elements.INSTALL_ON_TEST, Elements.INSTALL_IN_PRODUCTION,
                Elements.START_PRODUCTION, Elements.ARCHIVE_PRODUCTION_BASE, Elements.ASSESS_ROLLBACK,
                Elements.STOP_PRODUCTION_FOR_RESTORE, Elements.RESTORE_ARCHIVE, Elements.START_RESTORED_PRODUCTION,
                Elements.CHECK_RESTORED_HEALTH));
        assertEachCompletedOnce(restarted, releaseId, "%s completed once, by the re-delivery after the crash",
                List.of(StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST), Topics.ARCHIVE_PRODUCTION_DATA,
                        StepTopics.of(Topics.RESTORE_ARCHIVE, Environments.PRODUCTION)));
        assertEachCompletedOnce(restarted, releaseId, "%s: installed once",
                List.of(StepTopics.of(Topics.INSTALL_VERSION, Environments.TEST),
                        StepTopics.of(Topics.INSTALL_VERSION, Environments.PRODUCTION)));
        assertThat(siblings(archiveRoot, name -> name.startsWith("."))).as("temporary folders at the end").isEmpty();
        application.close();
        lap("checks and stop");
    }

    /** The timer of a window the release waits for, once it waits. */
    static JsonNode awaitWindow(ApplicationClient rest, String releaseId, String timerEvent) {
        return waitFor("the release waiting at " + timerEvent, () -> {
            JsonNode jobs = rest.as("admin").getJson("/job?timers=true&activityId=" + timerEvent + "&processInstanceId="
                    + releaseId);
            return jobs.size() == 1 ? jobs.get(0) : null;
        });
    }

    /** A file the slow migration is rewriting in a staged copy of production's data, or null. */
    static Path migratingFile(Path productionFolder) throws IOException {
        for (String staging : siblings(productionFolder, name -> name.startsWith(".data.staging-"))) {
            Path bulk = productionFolder.resolve(staging).resolve("bulk");
            List<String> migrating = siblings(bulk, name -> name.endsWith(".migrating"));
            if (!migrating.isEmpty()) {
                return bulk.resolve(migrating.get(0));
            }
        }
        return null;
    }

    /**
     * The demo's 1.1 package with a migration that also rewrites every bulk file, one a second: long enough to be
     * killed in the middle, the content unchanged so that both environments' bulk data can be compared.
     */
    static void writeSlowPackage(Path file) throws IOException {
        String migration = resource("migrate-1.1.sh").replace("awk ", """
                for f in "$d"/bulk/*.dat; do
                  cp "$f" "$f.migrating"
                  sleep 1
                  mv "$f.migrating" "$f"
                done
                awk\s""");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("package.properties", "product=gestan\nversion=1.1\nmigrate=bin/migrate.sh\n");
        entries.put("bin/health.sh", resource("health.sh"));
        entries.put("bin/migrate.sh", migration);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CrashWalk.class.getResourceAsStream("/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ChildApplication start() throws Exception {
        // Short, so that the task a killed application held is free again when the next one has started (20-40 s
        // here); not shorter: with 5 s, renewals delayed by a loaded machine let the lock lapse.
        List<String> arguments = home.nodeArguments(profiles(), Duration.ofSeconds(15));
        arguments.addAll(databaseArguments(home.home()));
        return home.track(ChildApplication.start(arguments, databaseEnvironment(),
                OUTPUT.resolve(getClass().getSimpleName() + ".log")));
    }

    String profiles() {
        return "demo";
    }

    /** marie starts the demo's release to 1.1, its production window an hour ahead; its id. */
    static String startRelease(ApplicationClient rest) {
        String window = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MINUTES)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        ApplicationClient.Response started = rest.as("marie").post(
                "/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/submit-form",
                ApplicationClient.variables(Map.of("targetVersion", "1.1", "installerPackage", "gestan-1.1.zip",
                        "roadBook", "road-book.md", "releaseKind", "minor", "policyLevel", "strict",
                        "productionWindowPlanned", true, "productionWindow", window)));
        assertThat(started.status()).as("marie starts a release: %s", started.body()).isEqualTo(200);
        return started.json().path("id").asText();
    }

    /** The step is running: its task is locked by the application's worker. */
    private void awaitLockedTask(String topic) {
        waitFor(topic + " task locked by a worker", () -> application.rest()
                .as("admin").getJson("/external-task/count?locked=true&topicName=" + topic).path("count").asLong() == 1
                ? true : null);
    }

    static void complete(ApplicationClient rest, String user, JsonNode task, Map<String, Object> variables) {
        ApplicationClient.Response response = rest.as(user).post("/task/" + task.path("id").asText() + "/submit-form",
                ApplicationClient.variables(variables));
        assertThat(response.status()).as("%s completes %s on %s: %s", user, task.path("taskDefinitionKey").asText(),
                rest.baseUrl(), response.body()).isEqualTo(204);
    }

    /**
     * olivia finds production not conforming, paul has the previous version restored, and the restore's window is
     * reached now.
     */
    static void restorePreviousVersionNow(ApplicationClient rest, String releaseId, JsonNode confirmation) {
        complete(rest, "olivia", confirmation, Map.of(PRODUCTION_VERDICT.name(), Choices.PRODUCTION_KO,
                PRODUCTION_COMMENT.name(), "Factures en erreur"));
        complete(rest, "paul", waitForTasks(rest, releaseId, Elements.DECIDE_ROLLBACK, 1).get(0),
                Map.of(ROLLBACK_DECISION.name(), Choices.RESTORE, ROLLBACK_COMMENT.name(), "Retour à la 1.0"));
        JsonNode restoreWindow = awaitWindow(rest, releaseId, Elements.RESTORE_WINDOW_REACHED);
        assertThat(rest.as("admin").post("/job/" + restoreWindow.path("id").asText() + "/execute", null).status())
                .isEqualTo(204);
    }

    /** theo finds every change conform, karim every strategic process, and paul signs the final acceptance. */
    static void verifyAllAndAccept(ApplicationClient rest, String releaseId, List<JsonNode> changes) {
        complete(rest, "paul", verifyAll(rest, releaseId, changes), Map.of(ACCEPTANCE_DECISION.name(), Choices.ACCEPTED));
    }

    /** theo finds every change conform and karim every strategic process: returns the final acceptance. */
    static JsonNode verifyAll(ApplicationClient rest, String releaseId, List<JsonNode> changes) {
        for (JsonNode task : changes) {
            complete(rest, "theo", task, Map.of(VERDICT.name(), "OK"));
        }
        for (JsonNode task : waitForTasks(rest, releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3)) {
            complete(rest, "karim", task, Map.of(VERDICT.name(), "OK"));
        }
        return waitForTasks(rest, releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0);
    }

    static List<JsonNode> waitForTasks(ApplicationClient rest, String releaseId, String taskKey, int count) {
        return waitForTasks(rest, releaseId, taskKey, count, STEP_TIMEOUT, OUTPUT);
    }

    /** {@code count} tasks of {@code taskKey}, waited for at most {@code timeout}; a failure points to {@code logs}. */
    static List<JsonNode> waitForTasks(ApplicationClient rest, String releaseId, String taskKey, int count,
                                       Duration timeout, Path logs) {
        return waitFor(count + " task(s) " + taskKey, timeout, logs, () -> {
            JsonNode tasks = rest.as("admin").getJson("/task?processInstanceId=" + releaseId + "&taskDefinitionKey=" + taskKey);
            if (tasks.size() != count) {
                return null;
            }
            List<JsonNode> list = new ArrayList<>();
            tasks.forEach(list::add);
            return list;
        });
    }

    static String variable(ApplicationClient rest, String releaseId, String name) {
        JsonNode values = rest.as("admin").getJson("/history/variable-instance?processInstanceId=" + releaseId
                + "&variableName=" + name);
        assertThat(values).as("variable %s", name).hasSize(1);
        return values.get(0).path("value").asText();
    }

    /** Waits until the release is completed, as the history says. */
    static void awaitCompleted(ApplicationClient rest, String releaseId) {
        waitFor("the release ended", () -> {
            JsonNode instance = rest.as("admin").getJson("/history/process-instance/" + releaseId);
            return "COMPLETED".equals(instance.path("state").asText()) ? instance : null;
        });
    }

    /** The none end events the release itself reached (its top level). */
    static List<String> endEvents(ApplicationClient rest, String releaseId) {
        List<String> ends = new ArrayList<>();
        rest.as("admin").getJson("/history/activity-instance?activityType=noneEndEvent&processInstanceId=" + releaseId)
                .forEach(end -> {
                    // A sub-process's own end (the clone's archive) is a step on the way, not how the release ended.
                    if (releaseId.equals(end.path("parentActivityInstanceId").asText())) {
                        ends.add(end.path("activityId").asText());
                    }
                });
        return ends;
    }

    /** Each of these steps ran once and to its end: a crash neither lost it nor ran it twice. */
    static void assertEachRanToItsEndOnce(ApplicationClient rest, String releaseId, List<String> steps) {
        for (String step : steps) {
            assertThat(rest.as("admin").getJson("/history/activity-instance?processInstanceId=" + releaseId
                    + "&activityId=" + step)).as("%s ran to its end once", step).hasSize(1)
                    .allSatisfy(instance -> assertThat(instance.path("endTime").isNull()).isFalse());
        }
    }

    /**
     * Each of these external-task topics completed exactly once in the release, as its history's task log says: the
     * task a killed application held was done again by the next one, and only once. {@code what} formats the topic.
     */
    static void assertEachCompletedOnce(ApplicationClient rest, String releaseId, String what, List<String> topics) {
        for (String topic : topics) {
            assertThat(rest.as("admin").getJson("/history/external-task-log/count?successLog=true&processInstanceId="
                    + releaseId + "&topicName=" + topic).path("count").asLong()).as(what, topic).isEqualTo(1);
        }
    }

    static Map<String, Integer> completedUserTasks(ApplicationClient rest, String releaseId) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode task : rest.as("admin").getJson("/history/task?finished=true&processInstanceId=" + releaseId)) {
            counts.merge(task.path("taskDefinitionKey").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** The first non-null value of {@code condition}, polled every 100 ms, for at most {@link #STEP_TIMEOUT}. */
    static <T> T waitFor(String what, Callable<T> condition) {
        return waitFor(what, STEP_TIMEOUT, OUTPUT, condition);
    }

    /**
     * The first non-null value of {@code condition}, polled every 100 ms, for at most {@code timeout}; a failure
     * points to the applications' logs in {@code logs}.
     */
    static <T> T waitFor(String what, Duration timeout, Path logs, Callable<T> condition) {
        try {
            return await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread().until(condition, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " after " + timeout.toSeconds() + " s; see " + logs, e);
        } catch (Exception e) {
            throw new AssertionError("while waiting for " + what + ": " + e, e);
        }
    }

    /** The first matching child of {@code folder} once it holds at least {@code bytes}. */
    static Path awaitGrowing(String what, Path folder, Predicate<String> name, long bytes) throws Exception {
        return awaitGrowing(what, folder, name, bytes, STEP_TIMEOUT);
    }

    /**
     * The first matching child of {@code folder} once it holds at least {@code bytes}, waited for at most
     * {@code timeout}; polled often: on a quiet machine a whole copy takes about a second.
     */
    static Path awaitGrowing(String what, Path folder, Predicate<String> name, long bytes, Duration timeout) {
        try {
            return await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .pollInSameThread()
                    .until(() -> siblings(folder, name).stream().findFirst().map(folder::resolve)
                            .filter(found -> sizeOf(found) >= bytes).orElse(null), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " of " + bytes / MIB + " MiB in " + folder + " after "
                    + timeout.toSeconds() + " s", e);
        }
    }

    static long sizeOf(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            // Files come and go while a step runs.
            return 0;
        }
    }

    static List<String> siblings(Path folder, Predicate<String> name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(path -> path.getFileName().toString()).filter(name).sorted().toList();
        }
    }

    static List<String> archiveFolders(Path root) throws IOException {
        return siblings(root, name -> !name.startsWith("."));
    }

    static String treeSha256(Path folder) throws IOException {
        return FolderDigest.treeSha256(FolderDigest.of(folder));
    }

    static List<FileDigest> digests(Path folder) throws IOException {
        return FolderDigest.of(folder);
    }

    /**
     * Production's data made big: pseudo-random bytes of 16 values, which zstd compresses about by half, with effort
     * (no long repeats), so the archive takes about as long as real data would.
     */
    static void writeBulkData(Path folder) throws IOException {
        writeBulkData(folder, BULK_FILES, BULK_FILE_MIB);
    }

    static void writeBulkData(Path folder, int files, int fileMib) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(20240601);
        byte[] buffer = new byte[(int) MIB];
        for (int file = 1; file <= files; file++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("lot-" + file + ".dat"))) {
                for (int mib = 0; mib < fileMib; mib++) {
                    for (int i = 0; i < buffer.length; i += 16) {
                        long bits = random.nextLong();
                        for (int j = 0; j < 16; j++) {
                            buffer[i + j] = (byte) ('a' + ((bits >>> (4 * j)) & 0xF));
                        }
                    }
                    out.write(buffer);
                }
            }
        }
    }

    private static long bulkMib() {
        return (long) BULK_FILES * BULK_FILE_MIB;
    }

    private void lap(String what) {
        Instant now = Instant.now();
        timings.put(what, Duration.between(clock, now).toMillis() / 1000.0);
        clock = now;
    }

    private void report() throws IOException {
        double total = timings.values().stream().mapToDouble(Double::doubleValue).sum();
        String outcome = timings.containsKey("checks and stop") ? "walked to the end" : "STOPPED EARLY";
        StringBuilder text = new StringBuilder("crash test on " + engineDatabase() + " at " + Instant.now() + ": "
                + outcome + String.format(", %.1f s in all%n", total));
        kills.forEach(kill -> text.append("  kill ").append(kill).append('\n'));
        timings.forEach((what, seconds) -> text.append(String.format("  %-45s %6.1f s%n", what, seconds)));
        System.out.print(text);
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("timings.txt"), text, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
