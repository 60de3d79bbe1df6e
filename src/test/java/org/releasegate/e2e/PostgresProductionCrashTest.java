package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.e2e.CrashWalk.archiveFolders;
import static org.releasegate.e2e.CrashWalk.assertEachCompletedOnce;
import static org.releasegate.e2e.CrashWalk.assertEachRanToItsEndOnce;
import static org.releasegate.e2e.CrashWalk.awaitCompleted;
import static org.releasegate.e2e.CrashWalk.awaitGrowing;
import static org.releasegate.e2e.CrashWalk.awaitWindow;
import static org.releasegate.e2e.CrashWalk.complete;
import static org.releasegate.e2e.CrashWalk.completedUserTasks;
import static org.releasegate.e2e.CrashWalk.endEvents;
import static org.releasegate.e2e.CrashWalk.siblings;
import static org.releasegate.e2e.CrashWalk.startRelease;
import static org.releasegate.e2e.CrashWalk.variable;
import static org.releasegate.e2e.CrashWalk.verifyAllAndAccept;
import static org.releasegate.e2e.CrashWalk.waitForTasks;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.RESTORED_PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COMMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_DECISION;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.TestPostgres;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.StepFixtures;
import org.releasegate.worker.StepTopics;

/**
 * The crash test of a production window whose data is a PostgreSQL database its server clones: Release Gate runs the
 * demo in a JVM of its own with production's and test's data in the tests' PostgreSQL. A first release is rolled back
 * from the clone and killed with SIGKILL while production's state before the restore is archived; the release is then
 * started again and killed in its window while production is stopped and cloned, during the production install, then
 * after the reopening during the export ({@code pg_dump}) of the clone. After each kill: production's rows are those
 * it held when it stopped, the clone is there once and holds them, nothing half-written is published; at the end the
 * first release has put the clone back in production's place, the second is in production, with exactly one archive
 * of production's data, equal to production at its stop, the clone dropped, each step's effect and each person's task
 * done once. Both releases share one line of application runs and one set of databases: each start costs tens of
 * seconds.
 */
class PostgresProductionCrashTest {

    private static final String PRODUCTION_DB = "rg_crashpg_production";
    private static final String TEST_DB = "rg_crashpg_test";
    /** Rows of about 200 bytes: enough for the export to take a few seconds, little enough for the walk to be short. */
    private static final int ROWS = 300_000;
    private static final long MIB = 1 << 20;
    private static final Path OUTPUT = Path.of("target", "crash-tests").toAbsolutePath();

    private ChildApplication application;
    private Path home;
    private Path archiveRoot;
    private Path installRoot;
    private ArchiveStore archives;
    private final List<String> kills = new ArrayList<>();

    @AfterEach
    void stopAndCleanUp() throws Exception {
        System.out.println("PostgreSQL production crash test: " + kills);
        if (application != null) {
            application.close();
        }
        if (home != null) {
            FileTrees.deleteRecursively(home);
        }
        TestPostgres.shared().dropDatabasesStartingWith(PRODUCTION_DB, TEST_DB);
    }

    /** Production's database, the test's, the demo's world, the application started; production's rows. */
    private String productionAndApplication() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.dropDatabasesStartingWith(PRODUCTION_DB, TEST_DB);
        postgres.createDatabase(PRODUCTION_DB,
                "CREATE TABLE clients (id bigint PRIMARY KEY, nom text NOT NULL, notes text NOT NULL)",
                "INSERT INTO clients SELECT i, 'Client ' || i, repeat(md5(i::text), 6) FROM generate_series(1, " + ROWS + ") i");
        postgres.createDatabase(TEST_DB, "CREATE TABLE ancienne_copie (id integer)");
        home = Files.createTempDirectory("release-gate-crash-pg");
        layOutTheDemoWorld(home.resolve("demo"));
        archiveRoot = home.resolve("demo/archives");
        installRoot = home.resolve("demo/production/app");
        archives = new ArchiveStore(archiveRoot, Clock.systemUTC(), new ObjectMapper());
        application = start();
        return rowsOf(postgres, PRODUCTION_DB);
    }

    /** marie's release verified and accepted, its window opened now: production is stopped and cloned next. */
    private static String releaseInItsWindow(ApplicationClient rest) {
        String releaseId = startRelease(rest);
        verifyAllAndAccept(rest, releaseId, waitForTasks(rest, releaseId, Elements.VERIFY_CHANGE, 3));
        JsonNode window = awaitWindow(rest, releaseId, Elements.PRODUCTION_WINDOW_REACHED);
        assertThat(rest.as("admin").post("/job/" + window.path("id").asText() + "/execute", null).status()).isEqualTo(204);
        return releaseId;
    }

    /**
     * Two releases to 1.1 on one production and one line of application runs (each start costs tens of seconds): the
     * first is rolled back from the clone, killed while it archives production; production back on 1.0 with its
     * rows of the stop, the release is started again, with a package big enough for its install to be killed in the
     * middle, then killed again during the export of its clone, and ends in production.
     */
    @Test
    void aRestoreAndThenAReleaseKilledDuringTheProductionInstallAndTheCloneExportLoseNothing() throws Exception {
        String productionBefore = productionAndApplication();
        Path programBefore = Files.readSymbolicLink(installRoot.resolve("current"));
        aRestoreFromTheCloneKilledWhileItArchivesProductionPutsTheCloneBackOnce(productionBefore, programBefore);
        writeLargePackage(home.resolve("demo/inbox/gestan-1.1.zip"), 48);
        aWindowKilledDuringTheProductionInstallAndTheCloneExportContinuesAndLosesNothing(productionBefore,
                programBefore);
        application.close();
    }

    private void aWindowKilledDuringTheProductionInstallAndTheCloneExportContinuesAndLosesNothing(
            String productionBefore, Path programBefore) throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        ApplicationClient rest = application.rest();
        String releaseId = releaseInItsWindow(rest);

        // Kill 1: production stopped and cloned by its server, the new program being unpacked beside the old one.
        Path unpacking = awaitGrowing("the new program unpacked", installRoot.resolve("versions"),
                name -> name.startsWith(".staging-"), 8 * MIB);
        application.kill();
        kills.add("install-version (production), production stopped and cloned: killed with "
                + CrashWalk.sizeOf(unpacking) / MIB + " MiB unpacked");
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("production's program after that kill")
                .isEqualTo(programBefore);
        // Untouched: still stopped (its server refuses every connection), or opened by the install itself for a
        // vendor installer that migrates the database (the ERP stays stopped by its stop command): its rows of the stop.
        List<String> open = postgres.query("postgres", "SELECT datallowconn::text FROM pg_database WHERE datname = '"
                + PRODUCTION_DB + "'");
        if (!open.equals(List.of("false"))) {
            kills.add("production's database opened by the install when killed");
            assertThat(rowsOf(postgres, PRODUCTION_DB)).as("production's rows after the kill during its install")
                    .isEqualTo(productionBefore);
        }
        List<String> clones = clonesOf(postgres);
        assertThat(clones).as("one clone of the stopped production").hasSize(1);
        assertThat(rowsOf(postgres, clones.get(0))).as("the clone holds production as it stopped").isEqualTo(productionBefore);

        application = start();
        ApplicationClient afterInstall = application.rest();
        JsonNode confirmation = waitForTasks(afterInstall, releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("the new program installed once")
                .isNotEqualTo(programBefore);
        assertThat(siblings(installRoot.resolve("versions"), name -> name.startsWith(".staging-")))
                .as("what the dead install unpacked").isEmpty();
        assertThat(rowsOf(postgres, PRODUCTION_DB)).as("production started again, its rows untouched")
                .isEqualTo(productionBefore);
        assertThat(clonesOf(postgres)).as("the clone found again, not taken twice").isEqualTo(clones);
        complete(afterInstall, "olivia", confirmation, Map.of(PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK,
                PRODUCTION_COMMENT.name(), "Factures correctes"));

        // Kill 2: production reopened, the clone being exported (pg_dump, every row hashed) into its archive.
        Path attempt = awaitGrowing("the export of the clone", archiveRoot,
                name -> name.startsWith(".tmp-production-data-"), MIB);
        application.kill();
        kills.add("export-production-clone: killed with " + CrashWalk.sizeOf(attempt) / 1024 + " KiB written in "
                + attempt.getFileName());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("production-data-")))
                .as("no archive of production's data published by the dead export").isEmpty();
        assertThat(clonesOf(postgres)).as("the clone, the only copy of production at its stop, kept").isEqualTo(clones);
        assertThat(rowsOf(postgres, clones.get(0))).isEqualTo(productionBefore);

        application = start();
        ApplicationClient restarted = application.rest();
        awaitCompleted(restarted, releaseId);
        assertThat(endEvents(restarted, releaseId)).as("how the release ended").containsExactly(Elements.END_IN_PRODUCTION);

        String dataArchiveId = variable(restarted, releaseId, DATA_ARCHIVE_ID.name());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("production-data-")))
                .as("exactly one archive of production's data").containsExactly(dataArchiveId);
        for (String id : archiveFolders(archiveRoot)) {
            archives.verify(id, VerificationDepth.DEEP);
        }
        archives.verify(dataArchiveId, VerificationDepth.DEEP);
        assertThat(new DataArchives(archives, null, null).contentOf(dataArchiveId).sha256())
                .as("the archive holds production's rows as it was stopped")
                .isEqualTo(variable(restarted, releaseId, PRODUCTION_CLONE_SHA256.name()));
        assertThat(siblings(archiveRoot, name -> name.startsWith(".tmp-"))).as("half-written archives").isEmpty();
        assertThat(clonesOf(postgres)).as("the clone dropped once archived").isEmpty();
        assertNoDatabaseLeftOver(postgres);
        assertThat(rowsOf(postgres, PRODUCTION_DB)).as("production's rows, untouched by the new program here")
                .isEqualTo(productionBefore);

        assertThat(completedUserTasks(restarted, releaseId)).as("every person's task completed once")
                .isEqualTo(Map.of(Elements.VERIFY_CHANGE, 3, Elements.VERIFY_STRATEGIC_PROCESS, 3,
                        Elements.FINAL_ACCEPTANCE, 1, Elements.CONFIRM_PRODUCTION, 1));
        assertEachRanToItsEndOnce(restarted, releaseId, List.of(Elements.STOP_PRODUCTION, Elements.CLONE_PRODUCTION_DATA,
                Elements.ARCHIVE_INSTALLER_AFTER_CLONE, Elements.INSTALL_IN_PRODUCTION, Elements.START_PRODUCTION,
                Elements.REOPEN_PRODUCTION, Elements.EXPORT_PRODUCTION_CLONE, Elements.DRILL_CLONE_ARCHIVE,
                Elements.DROP_PRODUCTION_CLONE));
        assertEachCompletedOnce(restarted, releaseId, "%s completed once",
                List.of(StepTopics.of(Topics.INSTALL_VERSION, Environments.PRODUCTION), Topics.CLONE_PRODUCTION_DATA,
                        Topics.EXPORT_PRODUCTION_CLONE, Topics.DROP_PRODUCTION_CLONE));
    }

    private void aRestoreFromTheCloneKilledWhileItArchivesProductionPutsTheCloneBackOnce(String productionBefore,
            Path programBefore) throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        ApplicationClient rest = application.rest();
        String releaseId = releaseInItsWindow(rest);

        // Production not conforming: the release manager has the previous version put back from the clone.
        complete(rest, "olivia", waitForTasks(rest, releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0),
                Map.of(PRODUCTION_VERDICT.name(), Choices.PRODUCTION_KO, PRODUCTION_COMMENT.name(), "Factures en erreur"));
        complete(rest, "paul", waitForTasks(rest, releaseId, Elements.DECIDE_ROLLBACK, 1).get(0),
                Map.of(ROLLBACK_DECISION.name(), Choices.RESTORE, ROLLBACK_COMMENT.name(), "Retour à la 1.0"));
        List<String> clones = clonesOf(postgres);
        assertThat(clones).as("one clone of the stopped production").hasSize(1);
        Path programAfterInstall = Files.readSymbolicLink(installRoot.resolve("current"));
        JsonNode restoreWindow = awaitWindow(rest, releaseId, Elements.RESTORE_WINDOW_REACHED);
        assertThat(rest.as("admin").post("/job/" + restoreWindow.path("id").asText() + "/execute", null).status())
                .isEqualTo(204);

        // Kill: production stopped for the restore, its current state being archived before the clone is put back.
        Path attempt = awaitGrowing("the archive of production before the restore", archiveRoot,
                name -> name.startsWith(".tmp-pre-restore-data-"), MIB);
        application.kill();
        kills.add("restore-archive: killed with " + CrashWalk.sizeOf(attempt) / 1024 + " KiB written in "
                + attempt.getFileName());
        assertThat(clonesOf(postgres)).as("the clone, not yet put back, kept").isEqualTo(clones);
        assertThat(rowsOf(postgres, clones.get(0))).isEqualTo(productionBefore);
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("pre-restore-data-")))
                .as("no archive published by the dead attempt").isEmpty();
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("the program of the release, not yet changed")
                .isEqualTo(programAfterInstall);

        application = start();
        ApplicationClient restarted = application.rest();
        complete(restarted, "olivia", waitForTasks(restarted, releaseId, Elements.CONFIRM_RESTORED_PRODUCTION, 1).get(0),
                Map.of(RESTORED_PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK));
        awaitCompleted(restarted, releaseId);
        assertThat(endEvents(restarted, releaseId)).as("how the release ended").containsExactly(Elements.END_PREVIOUS_VERSION_RESTORED);
        assertThat(rowsOf(postgres, PRODUCTION_DB)).as("production's rows as they were at the stop").isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("the previous program").isEqualTo(programBefore);
        assertThat(clonesOf(postgres)).as("the clone renamed into production's place").isEmpty();
        assertNoDatabaseLeftOver(postgres);
        String preRestoreId = variable(restarted, releaseId, PRE_RESTORE_ARCHIVE_ID.name());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("pre-restore-data-")))
                .as("one archive of production before the restore").containsExactly(preRestoreId);
        for (String id : archiveFolders(archiveRoot)) {
            archives.verify(id, VerificationDepth.DEEP);
        }
        assertThat(siblings(archiveRoot, name -> name.startsWith(".tmp-"))).as("half-written archives").isEmpty();
        assertThat(completedUserTasks(restarted, releaseId)).as("every person's task completed once")
                .isEqualTo(Map.of(Elements.VERIFY_CHANGE, 3, Elements.VERIFY_STRATEGIC_PROCESS, 3,
                        Elements.FINAL_ACCEPTANCE, 1, Elements.CONFIRM_PRODUCTION, 1, Elements.DECIDE_ROLLBACK, 1,
                        Elements.CONFIRM_RESTORED_PRODUCTION, 1));
        assertEachCompletedOnce(restarted, releaseId, "%s completed once, by the re-delivery",
                List.of(StepTopics.of(Topics.RESTORE_ARCHIVE, Environments.PRODUCTION)));
    }

    /** Production's database and the test's, nothing staged or half-written beside them. */
    private static void assertNoDatabaseLeftOver(TestPostgres postgres) throws Exception {
        assertThat(postgres.databases()).as("no staged or half-written database left")
                .filteredOn(name -> name.startsWith(PRODUCTION_DB) || name.startsWith(TEST_DB))
                .containsExactlyInAnyOrder(PRODUCTION_DB, TEST_DB);
    }

    /**
     * What the demo lays out itself only for data folders: the inbox (1.0 and 1.1 packages, the road book), production
     * running 1.0, its installer archived, the catalogue and the calendar.
     */
    private static void layOutTheDemoWorld(Path demo) throws Exception {
        Path inbox = demo.resolve("inbox");
        Path package10 = StepFixtures.writePackage(inbox, "1.0");
        StepFixtures.writePackage(inbox, "1.1");
        Files.writeString(inbox.resolve("road-book.md"), CrashWalk.resource("road-book.md"));
        new Installer(Clock.systemUTC()).install(new InstallRequest(package10, demo.resolve("production/app"), "1.0",
                null, null));
        Files.createDirectories(demo.resolve("test/app"));
        new ArchiveStore(demo.resolve("archives"), Clock.systemUTC(), new ObjectMapper())
                .createFromFile("installer-1.0-demo", ArchiveKind.INSTALLER, "1.0", "demo", package10);
        Files.writeString(demo.resolve("strategic-processes.yaml"), CrashWalk.resource("strategic-processes.yaml"));
        Files.writeString(demo.resolve("change-calendar.yaml"), CrashWalk.resource("change-calendar.yaml"));
    }

    /** The 1.1 package with a file of pseudo-random bytes (incompressible): its unpacking takes seconds. */
    private static void writeLargePackage(Path file, int mib) throws Exception {
        byte[] block = new byte[(int) MIB];
        SplittableRandom random = new SplittableRandom(11);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("package.properties"));
            zip.write("product=gestan\nversion=1.1\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("lib/gestan.dat"));
            for (int i = 0; i < mib; i++) {
                for (int j = 0; j < block.length; j += 8) {
                    long bits = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[j + k] = (byte) (bits >>> (8 * k));
                    }
                }
                zip.write(block);
            }
            zip.closeEntry();
        }
    }

    /** The rows of the database's one table, as one digest: what production holds, whatever the server's files. */
    private static String rowsOf(TestPostgres postgres, String database) throws Exception {
        return postgres.query(database, "SELECT md5(string_agg(c::text, '|' ORDER BY id)) FROM clients c").get(0);
    }

    /** Production's clones on its server (named after the database, {@code <base>_rgc_<16 hex>}). */
    private static List<String> clonesOf(TestPostgres postgres) throws Exception {
        return postgres.databases().stream().filter(name -> name.startsWith(PRODUCTION_DB + "_rgc_")).toList();
    }

    private ChildApplication start() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/release-gate")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--releasegate.models.folder=" + Path.of("bpmn").toAbsolutePath(),
                "--releasegate.demo.root=" + home.resolve("demo"),
                "--releasegate.inbox=" + home.resolve("demo/inbox"),
                "--releasegate.archive.root=" + home.resolve("demo/archives"),
                "--releasegate.strategic-processes-file=" + home.resolve("demo/strategic-processes.yaml"),
                "--releasegate.worker.retry-delay=500ms",
                "--releasegate.worker.long-polling=1s",
                "--releasegate.worker.lock-duration=15s"));
        for (String environment : List.of(Environments.PRODUCTION, Environments.TEST)) {
            String prefix = "--releasegate.environments." + environment;
            arguments.addAll(List.of(
                    prefix + ".install-root=" + home.resolve("demo/" + environment + "/app"),
                    prefix + ".data.type=postgresql",
                    prefix + ".data.url=" + postgres.url(environment.equals(Environments.PRODUCTION) ? PRODUCTION_DB : TEST_DB),
                    prefix + ".data.username=" + TestPostgres.ROLE,
                    prefix + ".data.password=" + TestPostgres.PASSWORD,
                    prefix + ".data.pg-bin=" + TestPostgres.clientBin(),
                    // The demo's check reads a data folder; this data is a database.
                    prefix + ".health.command=/bin/sh,-c,echo OK"));
        }
        return ChildApplication.start(arguments, Map.of(), OUTPUT.resolve(getClass().getSimpleName() + ".log"));
    }
}
