package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTHY;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.WRITES_WATCHED_BY_ARCHIVE;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.Test;
import org.releasegate.benchmark.Alternation.Action;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.RestoredBase;
import org.releasegate.archive.WindowArchiveSteps;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.health.WindowHealthSteps;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.WindowInstallSteps;
import org.releasegate.operation.WindowOperationSteps;
import org.releasegate.restore.WindowRestoreSteps;
import org.releasegate.worker.Step;
import org.springframework.mock.env.MockEnvironment;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.ServerClones;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;

/**
 * Production's downtime, from the stop to the reopening, with the full archive made before the window (while
 * production still runs) and only what changed since archived inside it, against the bare commands a careful
 * administrator would type in the window for the same result.
 * <ul>
 * <li>{@code downtime-1g}: a 1 GB directory store with 2 % of it changed since the base. Ours: the window as the
 * release runs it, with the application's step classes from the stop to the reopening: the stop (its watch for
 * writes left to the archive), the delta archived and verified (published once the folder was seen unwritten for
 * {@value #SETTLE_SECONDS} s, the production default, since the archive began), the installer archived, the restore
 * drill (the delta written over the base's copy restored and verified before the window, and the installers' archives
 * re-read), the install with the post-install fingerprint, the start, the health check (a command), the reopening; the
 * operations' confirmation, a person's task, is not timed. Before the window, untimed: the base step (live archive,
 * then the kept copy), and before each run the kept copy again (the drill takes it). Baseline:
 * {@code tar -cf - . | zstd -3 > f.tar.zst && sha256sum f.tar.zst && unzip -q package.zip -d dir}.
 * {@code downtime-1g-settle-0}: the same with {@code data.settle} set to 0. A note gives the drill that falls back to
 * base and delta in full.</li>
 * <li>{@code downtime-postgres}: the same for a PostgreSQL production ({@code pgbench -i -s} {@value #PGBENCH_SCALE},
 * then 50,000 pgbench transactions since the base). Ours, as the release's window runs for a PostgreSQL production:
 * the database quiesced (sessions refused and ended), cloned by its server ({@code CREATE DATABASE ... TEMPLATE}), the
 * quiesced database's row checksums computed (one scan), the package installed, the database reopened; the clone's
 * proof against those checksums and its export into the archive store come after the reopening (notes). Baseline:
 * {@code pg_dump -Fd -j2} of the whole database + {@code sha256sum} of the dump + {@code unzip}.</li>
 * </ul>
 * Each side runs once unmeasured, then {@value #RUNS} times alternately; medians. Before each run, untimed,
 * {@code sync}. Needs {@code tar}, {@code zstd}, {@code sha256sum} and {@code unzip}, and the machine's
 * PostgreSQL 15 tools ({@value #PG_BIN}) for the second. Run with {@code ./mvnw -Pbenchmark test -Dtest=DowntimeBenchmark}.
 */
class DowntimeBenchmark {

    private static final int RUNS = 3;
    private static final long SETTLE_SECONDS = 2;
    private static final Path WORK = Path.of("target", "downtime-benchmark").toAbsolutePath();
    private static final Path DATA = WORK.resolve("erp-1g");
    /** Written once the data is complete; the data is kept for the next run (the changes of a run repeat the same). */
    private static final Path DATA_COMPLETE = WORK.resolve("erp-1g.complete-v1");
    private static final int DOCUMENTS = 8000;
    private static final long SEGMENT = 16L << 20;
    private static final int PGBENCH_SCALE = 50;
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    /** The release (process instance) whose window is timed. */
    private static final String RELEASE = "release-downtime";

    @Test
    void directoryStoreDowntime() throws Exception {
        for (String tool : List.of("tar", "zstd", "sha256sum", "unzip")) {
            assumeTrue(Shell.has(tool), "DowntimeBenchmark skipped: " + tool + " is not installed"
                    + " (apt-get install zstd unzip)");
        }
        long bytes = generate();
        Path inbox = WORK.resolve("inbox");
        Path pkg = writePackage(inbox.resolve("gestan-2.0.zip"), "2.0");
        Path previousPkg = writePackage(inbox.resolve("gestan-1.0.zip"), "1.0");
        BenchmarkReport.note(String.format(Locale.ROOT, "DowntimeBenchmark: data %.1f MB in %d files, package %.1f MB;"
                + " load %s", bytes / 1e6, fileCount(DATA), Files.size(pkg) / 1e6, Shell.loadAverage()));

        ArchiveStore archives = new ArchiveStore(WORK.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Window window = new Window(archives, inbox, Duration.ofSeconds(SETTLE_SECONDS));
        Window settleZero = new Window(archives, inbox, Duration.ZERO);
        RestoredBase restoredBase = new RestoredBase(archives);
        Installer installer = new Installer(Clock.systemUTC());
        String packageSha256 = FolderDigest.sha256(pkg);

        // Production runs 1.0, installed and archived by an earlier release.
        installer.install(new InstallRequest(previousPkg, window.installRoot(), "1.0", null, null));
        archives.createFromFile("installer-1.0-earlier", ArchiveKind.INSTALLER, "1.0", "inbox:gestan-1.0.zip",
                previousPkg);
        // Days before the window, production running: the base step (live archive, then restored and verified into
        // the copy kept for the release). Files older than the timestamp granularity, as days-old files are.
        Thread.sleep(2_100);
        long start = System.nanoTime();
        // The base step also archives and verifies the tested installer, and verifies the archive of 1.0 (the window
        // then checks both by their recorded stamps).
        VariableMap baseVariables = window.base.run(task("before-base", Map.of(INSTALLER_PACKAGE.name(),
                "gestan-2.0.zip", INSTALLER_SHA256.name(), packageSha256, TARGET_VERSION.name(), "2.0")));
        double baseSeconds = (System.nanoTime() - start) / 1e9;
        String baseId = (String) baseVariables.get(BASE_DATA_ARCHIVE_ID.name());
        Archive base = archives.find(baseId).orElseThrow();
        long changed = changeTwoPercent();
        BenchmarkReport.note(String.format(Locale.ROOT, "before the window (not in the figure): the base step %.2f s"
                + " (live archive %.1f MB, then restored into the kept copy and verified; the tested installer archived and"
                + " verified, and the archive of 1.0 verified); then %.1f MB changed"
                + " (%.1f %%)", baseSeconds, base.archiveSize() / 1e6, changed / 1e6, 100.0 * changed / bytes));

        int[] run = {0, 0};
        Window[] current = {window};
        List<double[]> phases = new ArrayList<>();
        List<String> drillReports = new ArrayList<>();
        Action prepareOurs = () -> {
            // Untimed: what the base step did days before (the drill takes the copy), and production on 1.0.
            restoredBase.keep(RELEASE, baseId);
            current[0].nextInstallRoot(run[0] + 1);
            installer.install(new InstallRequest(previousPkg, current[0].installRoot(), "1.0", null, null));
        };
        Action ours = () -> {
            int n = ++run[0];
            Window w = current[0];
            Map<String, Object> inProduction = Map.of(ENVIRONMENT.name(), Environments.PRODUCTION);
            long[] t = new long[9];
            t[0] = System.nanoTime();
            w.stop.run(task("w" + n + "-stop", Map.of(ENVIRONMENT.name(), Environments.PRODUCTION,
                    WRITES_WATCHED_BY_ARCHIVE.name(), true)));
            t[1] = System.nanoTime();
            VariableMap data = w.data.run(task("w" + n + "-data", Map.of(BASE_DATA_ARCHIVE_ID.name(), baseId,
                    BASE_DATA_ARCHIVE_SHA256.name(), base.treeSha256())));
            t[2] = System.nanoTime();
            VariableMap installerArchive = w.installer.run(task("w" + n + "-installer", Map.of(
                    INSTALLER_PACKAGE.name(), "gestan-2.0.zip", INSTALLER_SHA256.name(), packageSha256,
                    TARGET_VERSION.name(), "2.0")));
            t[3] = System.nanoTime();
            String dataArchiveId = (String) data.get(DATA_ARCHIVE_ID.name());
            VariableMap drill = w.drill.run(task("w" + n + "-drill", Map.of(DATA_ARCHIVE_ID.name(), dataArchiveId,
                    INSTALLER_ARCHIVE_ID.name(), installerArchive.get(INSTALLER_ARCHIVE_ID.name()),
                    PREVIOUS_PRODUCTION_VERSION.name(), "1.0")));
            t[4] = System.nanoTime();
            w.install.run(task("w" + n + "-install", Map.of(ENVIRONMENT.name(), Environments.PRODUCTION,
                    INSTALLER_PACKAGE.name(), "gestan-2.0.zip", INSTALLER_SHA256.name(), packageSha256,
                    TARGET_VERSION.name(), "2.0", DATA_ARCHIVE_ID.name(), dataArchiveId)));
            t[5] = System.nanoTime();
            w.start.run(task("w" + n + "-start", inProduction));
            t[6] = System.nanoTime();
            VariableMap health = w.health.run(task("w" + n + "-health", inProduction));
            t[7] = System.nanoTime();
            // (the operations confirmation, a person's task, comes here)
            w.reopen.run(task("w" + n + "-reopen", inProduction));
            t[8] = System.nanoTime();
            assertThat(archives.find(dataArchiveId).orElseThrow().baseId()).isEqualTo(baseId);
            assertThat((Boolean) health.get(HEALTHY.name())).isTrue();
            drillReports.add((String) drill.get(DRILL_REPORT.name()));
            double[] seconds = new double[8];
            for (int i = 0; i < 8; i++) {
                seconds[i] = (t[i + 1] - t[i]) / 1e9;
            }
            phases.add(seconds);
        };
        Action baseline = () -> {
            int n = ++run[1];
            Path file = WORK.resolve("cli-" + n + ".tar.zst");
            Shell.run("tar -cf - -C '" + DATA + "' . | zstd -3 -q > '" + file + "' && sha256sum '" + file
                    + "' > /dev/null && unzip -q '" + pkg + "' -d '" + WORK.resolve("cli-app-" + n) + "'", Map.of());
        };
        compare("downtime-1g", new Alternation.Side(prepareOurs, ours), Alternation.Side.of(baseline));
        assertThat(drillReports).allSatisfy(report -> assertThat(report).contains("a été appliquée à la copie "
                + "restaurée et vérifiée").contains("a été relue et vérifiée avant la fenêtre"));
        Archive delta = archives.find("production-data-1.0-w1-data").orElseThrow();
        notePhases("downtime-1g", phases);
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-1g: delta %d files, %.1f MB compressed, %d"
                + " deletions; the drill's report: %s", delta.files().size(), delta.archiveSize() / 1e6,
                delta.delta().deletedFiles().size(), drillReports.get(drillReports.size() - 1)));
        // The watch for writes is a setting (data.settle): the same without it tells what of it the archive hides.
        current[0] = settleZero;
        phases.clear();
        drillReports.clear();
        compare("downtime-1g-settle-0", new Alternation.Side(prepareOurs, ours), Alternation.Side.of(baseline));
        notePhases("downtime-1g-settle-0", phases);

        // What the drill costs when the kept copy cannot serve (missing, written since): base and delta in full.
        FileTrees.deleteRecursively(archives.root().resolve(".restored-" + RELEASE));
        String installerArchiveId = archives.latest(ArchiveKind.INSTALLER, "2.0").orElseThrow().id();
        start = System.nanoTime();
        String fullDrill = (String) window.drill.run(task("full-drill", Map.of(DATA_ARCHIVE_ID.name(), delta.id(),
                INSTALLER_ARCHIVE_ID.name(), installerArchiveId, PREVIOUS_PRODUCTION_VERSION.name(), "1.0")))
                .get(DRILL_REPORT.name());
        double fullDrillSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(fullDrill).contains("restaurée en entier");
        BenchmarkReport.note(String.format(Locale.ROOT, "the same drill without the kept copy (the full drill it falls"
                + " back to, not in the figure): %.2f s; load %s", fullDrillSeconds, Shell.loadAverage()));
        clearOutputs();
    }

    private static void notePhases(String name, List<double[]> phases) {
        String[] names = {"stop", "archive data (delta)", "archive installer", "restore drill", "install + post-install"
                + " fingerprint", "start", "health", "reopen"};
        List<String> medians = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            int phase = i;
            medians.add(String.format(Locale.ROOT, "%s %.2f s", names[i], BenchmarkReport.median(phases.stream()
                    .skip(1).mapToDouble(p -> p[phase]).toArray())));
        }
        BenchmarkReport.note(name + " phases (medians of the measured runs): " + String.join(", ", medians));
    }

    /**
     * The window's steps as the application wires them, on one production: a 1 GB directory store watched
     * {@code settle} for writes, no ERP stop or start command (none here), a health check command ({@code true}).
     */
    private static final class Window {

        private final Path[] installRoot = {WORK.resolve("app-0")};
        final Step base;
        final Step stop;
        final Step data;
        final Step installer;
        final Step drill;
        final Step install;
        final Step start;
        final Step health;
        final Step reopen;

        Window(ArchiveStore archives, Path inboxFolder, Duration settle) {
            Environments environments = mock(Environments.class);
            when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(DATA);
            when(environments.dataFolderIfDirectory(Environments.PRODUCTION)).thenReturn(Optional.of(DATA));
            when(environments.installRoot(Environments.PRODUCTION)).thenAnswer(call -> installRoot[0]);
            when(environments.get(Environments.PRODUCTION)).thenReturn(new EnvironmentProperties.Environment(
                    installRoot[0], TestStores.directory(DATA, settle), new EnvironmentProperties.HealthCheckSettings(
                    List.of("true"), null, Duration.ofSeconds(60), null)));
            DataStores stores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(DATA, settle))
                    .build();
            DataArchives dataArchives = new DataArchives(archives, stores, environments);
            InstallMethods installMethods = new InstallMethods(new Installer(Clock.systemUTC()), environments,
                    new MockEnvironment(), Clock.systemUTC());
            Inbox inbox = new Inbox(inboxFolder);
            RestoredBase kept = new RestoredBase(archives);
            base = WindowArchiveSteps.productionBase(dataArchives, installMethods, kept, inbox, archives);
            stop = WindowOperationSteps.stop(stores);
            data = WindowArchiveSteps.productionData(dataArchives, installMethods);
            installer = WindowArchiveSteps.installer(inbox, archives);
            drill = WindowRestoreSteps.drill(archives, dataArchives, stores, kept);
            install = WindowInstallSteps.install(environments, inbox, installMethods, stores,
                    List.of(WindowRestoreSteps.postInstallFingerprint(dataArchives, stores, environments)));
            start = WindowOperationSteps.start(stores);
            health = WindowHealthSteps.check(environments, installMethods);
            reopen = WindowOperationSteps.reopen(stores);
        }

        Path installRoot() {
            return installRoot[0];
        }

        /** Each run installs into a production program folder of its own, on 1.0 (prepared untimed). */
        void nextInstallRoot(int n) {
            installRoot[0] = WORK.resolve("app-" + n + "-" + FileTrees.randomSuffix());
        }
    }

    /** An external task of the release, as the worker receives it. */
    private static ExternalTask task(String id, Map<String, Object> variables) {
        ExternalTask task = mock(ExternalTask.class);
        when(task.getId()).thenReturn(id);
        when(task.getProcessInstanceId()).thenReturn(RELEASE);
        when(task.getAllVariables()).thenReturn(variables);
        variables.forEach((name, value) -> when(task.getVariable(name)).thenReturn(value));
        return task;
    }

    @Test
    void postgresDowntime() throws Exception {
        for (String tool : List.of("pg_dump", "pgbench")) {
            assumeTrue(Files.isExecutable(Path.of(PG_BIN, tool)), "DowntimeBenchmark (postgres) skipped: " + PG_BIN
                    + "/" + tool + " is not installed (apt-get install postgresql-15 postgresql-client-15)");
        }
        assumeTrue(Shell.has("unzip") && Shell.has("sha256sum"), "DowntimeBenchmark (postgres) skipped: no unzip");
        Files.createDirectories(WORK);
        clearOutputs();
        Path pkg = writePackage(WORK.resolve("inbox/gestan-2.0.zip"), "2.0");
        TestPostgres postgres = TestPostgres.shared();
        String database = "downtime_prod";
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        postgres.createDatabase(database);
        Map<String, String> libpq = Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(postgres.port()),
                "PGUSER", TestPostgres.ROLE, "PGPASSWORD", TestPostgres.PASSWORD);
        Shell.run(PG_BIN + "/pgbench -i -q -s " + PGBENCH_SCALE + " " + database, libpq);
        long bytes = Long.parseLong(postgres.query(database, "SELECT pg_database_size(current_database())").get(0));

        ArchiveStore archives = new ArchiveStore(WORK.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        DataStores stores = new TestStores().with(Environments.PRODUCTION, TestStores.postgres(postgres.url(database),
                TestPostgres.ROLE, TestPostgres.PASSWORD, List.of())).build();
        DataArchives dataArchives = new DataArchives(archives, stores, mock(Environments.class));
        DataStore production = stores.of(Environments.PRODUCTION);
        Installer installer = new Installer(Clock.systemUTC());
        String packageSha256 = FolderDigest.sha256(pkg);

        long start = System.nanoTime();
        Archive base = dataArchives.archive("production-base", Environments.PRODUCTION, "1.0");
        double baseSeconds = (System.nanoTime() - start) / 1e9;
        // Days of work: TPC-B-like transactions, each updating an account, a teller, a branch and adding history.
        Shell.run(PG_BIN + "/pgbench -n -c 2 -j 2 -t 25000 " + database, libpq);
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-postgres: pgbench -i -s %d, %.1f MB"
                + " (pg_database_size), then 50,000 pgbench transactions; base archive before the window (not in the"
                + " figure) %.2f s, %.1f MB; embedded PostgreSQL %s (fsync off for both sides), tools %s; load %s",
                PGBENCH_SCALE, bytes / 1e6, baseSeconds, base.archiveSize() / 1e6,
                postgres.query(database, "SHOW server_version").get(0), PG_BIN, Shell.loadAverage()));

        // The window as the release runs it for a PostgreSQL production: the stop (sessions ended, new ones refused),
        // the clone by the server and the stopped database's row checksums (one scan), the install, the reopening. The
        // calls are the ones the steps make (EnvironmentControl's stop, CloneProductionDataStep, the installer, the
        // reopening); only the moves between BPMN steps are left out, as on the other lines.
        ServerClones clones = production.serverClones().orElseThrow();
        int[] run = {0, 0};
        List<double[]> phases = new ArrayList<>();
        String[] pending = {null, null};
        Action ours = () -> {
            int n = ++run[0];
            long t0 = System.nanoTime();
            production.quiesceWatchingLater();
            ServerClones.Cloned cloned = clones.cloneStopped(clones.nameFor("release-" + n), "benchmark");
            long t1 = System.nanoTime();
            installer.install(new InstallRequest(pkg, WORK.resolve("app-" + n), "2.0", packageSha256, null));
            production.reopen();
            long t2 = System.nanoTime();
            assertThat(cloned.reused()).as("a fresh clone, as in a release").isFalse();
            phases.add(new double[] {(t1 - t0) / 1e9, cloned.cloning().toNanos() / 1e9,
                    cloned.checking().toNanos() / 1e9, (t2 - t1) / 1e9});
            pending[0] = cloned.name();
            pending[1] = cloned.fingerprint().sha256();
        };
        // After the reopening, out of the downtime (untimed, before the next run): the clone proved against the stopped
        // database's checksums, as its export does (here alone, so that its cost is told apart from the export's);
        // then dropped, as a release drops its clone after the drill, long before the next window.
        List<Double> proofs = new ArrayList<>();
        Action afterReopening = () -> {
            if (pending[0] != null) {
                long t3 = System.nanoTime();
                assertThat(clones.store(pending[0]).fingerprint().sha256()).as("the clone is production as stopped")
                        .isEqualTo(pending[1]);
                proofs.add((System.nanoTime() - t3) / 1e9);
                clones.drop(pending[0]);
                pending[0] = null;
            }
        };
        Action baseline = () -> {
            int n = ++run[1];
            Path dump = WORK.resolve("cli-dump-" + n);
            Shell.run(PG_BIN + "/pg_dump -Fd -j2 -f '" + dump + "' " + database + " && sha256sum '" + dump
                    + "'/* > /dev/null && unzip -q '" + pkg + "' -d '" + WORK.resolve("cli-app-" + n) + "'", libpq);
        };
        compare("downtime-postgres", new Alternation.Side(afterReopening, ours), Alternation.Side.of(baseline));
        afterReopening.run();
        List<double[]> timed = phases.subList(1, phases.size());
        double proof = BenchmarkReport.median(proofs.subList(1, proofs.size()).stream().mapToDouble(d -> d).toArray());
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-postgres phases (medians): stop + clone + checksums"
                        + " %.2f s (CREATE DATABASE ... TEMPLATE %.2f s, the stopped database's row checksums %.2f s),"
                        + " install + reopen %.2f s; after the reopening (not in the figure) the clone's row checksums"
                        + " compared with them %.2f s", median(timed, 0), median(timed, 1), median(timed, 2),
                median(timed, 3), proof));

        // After the reopening, out of the downtime: the clone exported into the archive store, then dropped.
        production.quiesceWatchingLater();
        ServerClones.Cloned cloned = clones.cloneStopped(clones.nameFor("release-export"), "benchmark");
        production.reopen();
        long start2 = System.nanoTime();
        Archive exported = dataArchives.archiveClone("production-data-export", Environments.PRODUCTION, "1.0",
                cloned.name(), cloned.fingerprint().sha256());
        double exportSeconds = (System.nanoTime() - start2) / 1e9;
        start2 = System.nanoTime();
        clones.drop(cloned.name());
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-postgres after the reopening (not in the figure):"
                        + " the clone exported into the archive store %.2f s (%.1f MB), dropped %.2f s; load %s",
                exportSeconds, exported.archiveSize() / 1e6, (System.nanoTime() - start2) / 1e9, Shell.loadAverage()));
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        clearOutputs();
    }

    private static double median(List<double[]> runs, int phase) {
        return BenchmarkReport.median(runs.stream().mapToDouble(run -> run[phase]).toArray());
    }

    /** Everything but the data folder, kept (with its marker) for the next run. */
    private static void clearOutputs() throws IOException {
        if (!Files.isDirectory(WORK)) {
            return;
        }
        try (Stream<Path> children = Files.list(WORK)) {
            for (Path child : children.filter(path -> !path.equals(DATA) && !path.equals(DATA_COMPLETE)).toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    /** About 1 GB: tables in 16 MB segments (as file databases split them), an index, 8,000 documents, settings. */
    private static long generate() throws IOException {
        if (Files.exists(DATA_COMPLETE)) {
            clearOutputs();
            return ErpFolder.size(DATA);
        }
        FileTrees.deleteRecursively(WORK);
        List<ErpFolder.Table> tables = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            tables.add(new ErpFolder.Table(String.format(Locale.ROOT, "base/ecritures/%03d.seg", i), SEGMENT,
                    ErpFolder::entryLine));
        }
        for (int i = 1; i <= 16; i++) {
            tables.add(new ErpFolder.Table(String.format(Locale.ROOT, "base/mouvements_stock/%03d.seg", i), SEGMENT,
                    ErpFolder::stockLine));
        }
        for (int i = 1; i <= 4; i++) {
            tables.add(new ErpFolder.Table(String.format(Locale.ROOT, "base/clients/%03d.seg", i), SEGMENT,
                    ErpFolder::clientLine));
        }
        ErpFolder.generate(DATA, 20261204, tables, "base/ecritures.idx", 64L << 20, DOCUMENTS);
        Files.writeString(DATA_COMPLETE, "generated\n");
        return ErpFolder.size(DATA);
    }

    /**
     * What days of work change: the current segment of the journal rewritten, 100 new documents, 40 deleted, the
     * settings of 5 modules; about 2 % of the bytes. Returns the bytes written.
     */
    private static long changeTwoPercent() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Path segment = DATA.resolve("base/ecritures/024.seg");
        ErpFolder.writeTable(segment, SEGMENT, random, ErpFolder::entryLine);
        long written = SEGMENT;
        for (int i = DOCUMENTS; i < DOCUMENTS + 100; i++) {
            written += Files.size(ErpFolder.writeDocument(DATA, i, random));
        }
        try (Stream<Path> documents = Files.walk(DATA.resolve("pieces/2021"))) {
            for (Path document : documents.filter(Files::isRegularFile).sorted().limit(40).toList()) {
                Files.delete(document);
            }
        }
        for (int i = 0; i < 5; i++) {
            Path settings = DATA.resolve("config/module-" + i + ".properties");
            Files.writeString(settings, "module=" + i + "\nactif=false\n");
            written += Files.size(settings);
        }
        return written;
    }

    /** A package of our format: the descriptor, 20 libraries (incompressible), 300 resources, about 60 MB. */
    private static Path writePackage(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(7);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("package.properties"));
            zip.write(("product=gestan\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            byte[] library = new byte[2 << 20];
            for (int i = 0; i < 20; i++) {
                random.nextBytes(library);
                zip.putNextEntry(new ZipEntry("lib/module-" + i + ".jar"));
                zip.write(library);
                zip.closeEntry();
            }
            for (int i = 0; i < 300; i++) {
                zip.putNextEntry(new ZipEntry("resources/ecran-" + i + ".xml"));
                StringBuilder text = new StringBuilder();
                while (text.length() < 60_000) {
                    text.append("<champ nom=\"zone").append(random.nextInt(1000)).append("\" largeur=\"")
                            .append(random.nextInt(400)).append("\"/>\n");
                }
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    /** One unmeasured run of each side, then {@link #RUNS} alternate measured runs, each after a {@code sync}. */
    private static Alternation.Timings compare(String name, Action ours, Action baseline) throws Exception {
        return compare(name, Alternation.Side.of(ours), Alternation.Side.of(baseline));
    }

    private static Alternation.Timings compare(String name, Alternation.Side ours, Alternation.Side baseline)
            throws Exception {
        String loadBefore = Shell.loadAverage();
        Alternation.Timings timings = Alternation.run(RUNS, ours, baseline);
        BenchmarkReport.compare(name, timings.oursMedian(), timings.baselineMedian());
        BenchmarkReport.note(String.format(Locale.ROOT, "%s: %s; load %s → %s", name, timings.runs(), loadBefore,
                Shell.loadAverage()));
        return timings;
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
