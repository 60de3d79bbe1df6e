package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegate.benchmark.Alternation.Action;
import org.releasegate.archive.Archive;
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
 * <li>{@code downtime-1g}: a 1 GB directory store with 2 % of it changed since the base. Ours: the store stopped with
 * its watch for writes left to the archive (as the model's production stop does), the delta archived, verified (delta
 * re-read and every member hashed, the base's file re-hashed) and published once the folder was seen unwritten for
 * {@value #SETTLE_SECONDS} s (the production default) since the archive began — waiting only what remains of that
 * after the archive's work —, the package installed (hashed, unpacked, forced to disk, switched), the store
 * reopened. Baseline: {@code tar -cf - . | zstd -3 > f.tar.zst && sha256sum f.tar.zst && unzip -q package.zip -d dir}. {@code downtime-1g-settle-0}: the same with {@code data.settle} set to 0.</li>
 * <li>{@code downtime-postgres}: the same for a PostgreSQL production ({@code pgbench -i -s} {@value #PGBENCH_SCALE},
 * then 50,000 pgbench transactions since the base). Ours, as the release's window runs for a PostgreSQL production:
 * the database quiesced (sessions refused and ended), cloned by its server ({@code CREATE DATABASE ... TEMPLATE}) and
 * the clone's row checksums compared to the quiesced database's (both computed at once), the package installed, the
 * database reopened; the clone's export into the archive store comes after the reopening (a note). Baseline:
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

    @Test
    void directoryStoreDowntime() throws Exception {
        for (String tool : List.of("tar", "zstd", "sha256sum", "unzip")) {
            assumeTrue(Shell.has(tool), "DowntimeBenchmark skipped: " + tool + " is not installed"
                    + " (apt-get install zstd unzip)");
        }
        long bytes = generate();
        Path pkg = writePackage(WORK.resolve("inbox/gestan-2.0.zip"));
        BenchmarkReport.note(String.format(Locale.ROOT, "DowntimeBenchmark: data %.1f MB in %d files, package %.1f MB;"
                + " load %s", bytes / 1e6, fileCount(DATA), Files.size(pkg) / 1e6, Shell.loadAverage()));

        ArchiveStore archives = new ArchiveStore(WORK.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(DATA);
        DataStores stores = new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(DATA, Duration.ofSeconds(SETTLE_SECONDS))).build();
        DataArchives dataArchives = new DataArchives(archives, stores, environments);
        DataArchives settleZero = new DataArchives(archives, new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(DATA, Duration.ZERO)).build(), environments);
        DataStore production = stores.of(Environments.PRODUCTION);
        Installer installer = new Installer(Clock.systemUTC());
        String packageSha256 = FolderDigest.sha256(pkg);

        // Days before the window, production running: the full archive, verified in depth.
        Thread.sleep(2_100);
        long start = System.nanoTime();
        Archive base = dataArchives.archive("production-base", Environments.PRODUCTION, "1.0");
        archives.verify(base.id(), VerificationDepth.DEEP);
        double baseSeconds = (System.nanoTime() - start) / 1e9;
        long changed = changeTwoPercent();
        BenchmarkReport.note(String.format(Locale.ROOT, "base archive before the window (not in the figure): %.2f s"
                + " (create + deep verify), %.1f MB; then %.1f MB changed (%.1f %%)", baseSeconds,
                base.archiveSize() / 1e6, changed / 1e6, 100.0 * changed / bytes));

        int[] run = {0, 0};
        DataArchives[] window = {dataArchives};
        List<double[]> phases = new ArrayList<>();
        Action ours = () -> {
            int n = ++run[0];
            long t0 = System.nanoTime();
            production.quiesceWatchingLater();
            long t1 = System.nanoTime();
            Archive delta = window[0].archiveSince("production-data-" + n, Environments.PRODUCTION, "1.0",
                    base.id(), base.treeSha256());
            long t2 = System.nanoTime();
            installer.install(new InstallRequest(pkg, WORK.resolve("app-" + n), "2.0", packageSha256, null));
            production.reopen();
            long t3 = System.nanoTime();
            assertThat(delta.baseId()).isEqualTo(base.id());
            phases.add(new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9});
        };
        Action baseline = () -> {
            int n = ++run[1];
            Path file = WORK.resolve("cli-" + n + ".tar.zst");
            Shell.run("tar -cf - -C '" + DATA + "' . | zstd -3 -q > '" + file + "' && sha256sum '" + file
                    + "' > /dev/null && unzip -q '" + pkg + "' -d '" + WORK.resolve("cli-app-" + n) + "'", Map.of());
        };
        compare("downtime-1g", ours, baseline);
        double[] quiesce = phases.stream().skip(1).mapToDouble(p -> p[0]).toArray();
        double[] archive = phases.stream().skip(1).mapToDouble(p -> p[1]).toArray();
        double[] install = phases.stream().skip(1).mapToDouble(p -> p[2]).toArray();
        Archive delta = archives.find("production-data-1").orElseThrow();
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-1g phases (medians): stop %.2f s, delta archive +"
                        + " verification + the rest of the %d s watch for writes %.2f s, install + reopen %.2f s; delta"
                        + " %d files, %.1f MB compressed, %d deletions", BenchmarkReport.median(quiesce), SETTLE_SECONDS,
                BenchmarkReport.median(archive), BenchmarkReport.median(install), delta.files().size(),
                delta.archiveSize() / 1e6, delta.delta().deletedFiles().size()));
        // The watch for writes is a setting (data.settle): the same without it tells what of it the archive hides.
        window[0] = settleZero;
        phases.clear();
        compare("downtime-1g-settle-0", ours, baseline);
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-1g-settle-0 phases (medians): delta archive +"
                + " verification %.2f s", BenchmarkReport.median(phases.stream().skip(1).mapToDouble(p -> p[1])
                .toArray())));

        // What the restore drill (and a rollback) then pays, outside this figure: base and delta extracted as one.
        start = System.nanoTime();
        dataArchives.extract(delta.id(), WORK.resolve("extracted"));
        double extractSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(FolderDigest.of(WORK.resolve("extracted"))).isEqualTo(FolderDigest.of(DATA));
        BenchmarkReport.note(String.format(Locale.ROOT, "base + delta extracted as one (drill, rollback; not in the"
                + " figure): %.2f s; load %s", extractSeconds, Shell.loadAverage()));
        clearOutputs();
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
        Path pkg = writePackage(WORK.resolve("inbox/gestan-2.0.zip"));
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
        // the clone by the server and its check (both row-checksum scans at once), the install, the reopening. The
        // calls are the ones the steps make (EnvironmentControl's stop, CloneProductionDataStep, the installer, the
        // reopening); only the moves between BPMN steps are left out, as on the other lines.
        ServerClones clones = production.serverClones().orElseThrow();
        int[] run = {0, 0};
        List<double[]> phases = new ArrayList<>();
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
            // A release's clone is dropped after its drill, long before the next window: not in the figure.
            clones.drop(cloned.name());
        };
        Action baseline = () -> {
            int n = ++run[1];
            Path dump = WORK.resolve("cli-dump-" + n);
            Shell.run(PG_BIN + "/pg_dump -Fd -j2 -f '" + dump + "' " + database + " && sha256sum '" + dump
                    + "'/* > /dev/null && unzip -q '" + pkg + "' -d '" + WORK.resolve("cli-app-" + n) + "'", libpq);
        };
        compare("downtime-postgres", ours, baseline);
        List<double[]> timed = phases.subList(1, phases.size());
        BenchmarkReport.note(String.format(Locale.ROOT, "downtime-postgres phases (medians): stop + clone + check %.2f s"
                        + " (CREATE DATABASE ... TEMPLATE %.2f s, both row-checksum scans at once %.2f s), install +"
                        + " reopen %.2f s", median(timed, 0), median(timed, 1), median(timed, 2), median(timed, 3)));

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
    private static Path writePackage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(7);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("package.properties"));
            zip.write("product=gestan\nversion=2.0\n".getBytes(StandardCharsets.UTF_8));
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
        String loadBefore = Shell.loadAverage();
        Alternation.Timings timings = Alternation.run(RUNS, Alternation.Side.of(ours), Alternation.Side.of(baseline));
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
