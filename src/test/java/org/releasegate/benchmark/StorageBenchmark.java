package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasegate.benchmark.Alternation.Side;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderCopier;
import org.releasegate.files.FileTrees;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;

/**
 * Our storage steps against the command-line tools doing the same job, in one run, on the same data:
 * <ul>
 * <li>{@code directory-copy}: {@link FolderCopier#copy} (copy and hash on one thread per core, check the source
 * and the staged tree, fsync, swap) against {@code cp -a src dst && sync};</li>
 * <li>{@code archive-create}: {@link ArchiveStore#createFromFolder} against
 * {@code tar -cf - -C src . | zstd -3 -T1 > f.tar.zst && sha256sum f.tar.zst};</li>
 * <li>{@code archive-verify-deep}: {@code verify(id, DEEP)} against {@code zstd -d -c f.tar.zst | sha256sum}, and
 * {@code archive-verify-quick}: {@code verify(id, QUICK)} against {@code sha256sum f.tar.zst};</li>
 * <li>{@code postgres-copy}: {@code DataStore.replaceWithCopyOf} of a pgbench database (scale {@value #PGBENCH_SCALE})
 * against {@code createdb} + {@code pg_dump -Fd -j2} + {@code pg_restore -j2} into it, with pg_dump's
 * {@code --compress=0} as our store uses ({@code postgres-copy}) and with its default compression
 * ({@code postgres-copy-vs-gzip-dump}).</li>
 * </ul>
 * The data is an ERP-like folder of about 400 MB (a few large CSV-like tables, one incompressible index, thousands of
 * small documents, some of them random bytes), generated once under {@code target/storage-benchmark}. Each side runs
 * once unmeasured (page cache warm for both), then {@value #RUNS} times alternately; the figure is the median. Before
 * every run, outside the timing, the previous output is deleted and {@code sync} flushes what is pending, so that
 * no run pays for another's writes.
 * <p>
 * Needs {@code tar}, {@code zstd}, {@code sha256sum}, {@code cp}, {@code sync} and PostgreSQL 15 client tools
 * ({@value #PG_BIN}). Run with {@code ./mvnw -Pbenchmark test -Dtest=StorageBenchmark}, adding for instance
 * {@code -Dstorage=postgres} to run only some comparisons ({@code directory}, {@code archive}, {@code postgres}).
 */
class StorageBenchmark {

    private static final int RUNS = 5;
    private static final int PGBENCH_SCALE = 20;
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    private static final Path WORK = Path.of("target", "storage-benchmark").toAbsolutePath();
    static final Path SOURCE = WORK.resolve("erp-data");
    /** Written once the data is complete: a generation cut short is made again. */
    private static final Path SOURCE_COMPLETE = WORK.resolve("erp-data.complete-v1");

    @Test
    void storageStepsAgainstTheCommandLineTools() throws Exception {
        BenchmarkReport.note("StorageBenchmark: ratio = ours_s / baseline_s (times; < 1 means ours is faster);"
                + " medians of " + RUNS + " alternate runs after one unmeasured run of each side");
        BenchmarkReport.note("load average at start: " + loadAverage());
        long bytes = erpData();
        BenchmarkReport.note(String.format(Locale.ROOT, "data: %s, %.1f MB in %d files", SOURCE, bytes / 1e6,
                fileCount(SOURCE)));

        if (selected("directory")) {
            directoryCopy(bytes);
        }
        if (selected("archive")) {
            archiveVerify(bytes, archiveCreate(bytes));
        }
        if (selected("postgres")) {
            postgresCopy();
        }
        BenchmarkReport.note("load average at end: " + loadAverage());
    }

    /** {@code -Dstorage=directory,archive,postgres} (the default: all) picks the comparisons to run. */
    private static boolean selected(String comparison) {
        return List.of(System.getProperty("storage", "directory,archive,postgres").split(",")).contains(comparison);
    }

    // --- directory copy ---------------------------------------------------------------------------------------

    private void directoryCopy(long bytes) throws Exception {
        FolderCopier copier = new FolderCopier();
        // Every run writes a new folder and all are deleted at the end: ext4 scans the inodes it freed in the last
        // minutes before reusing one, so creating thousands of files right after deleting thousands measures that
        // scan (seen with perf: ext4_create → recently_deleted), not the copy.
        int[] run = {0, 0};
        compare("directory-copy", bytes, "cp -a + sync",
                new Side(() -> {
                }, () -> copier.copy(SOURCE, WORK.resolve("copy-ours-" + ++run[0]))),
                new Side(() -> {
                }, () -> shell("cp -a '" + SOURCE + "' '" + WORK.resolve("copy-cp-" + ++run[1]) + "' && sync")));
        assertThat(copier.digest(WORK.resolve("copy-ours-" + run[0]))).isEqualTo(copier.digest(SOURCE));
        assertThat(copier.digest(WORK.resolve("copy-cp-" + run[1]))).isEqualTo(copier.digest(SOURCE));
        for (int i = 1; i <= Math.max(run[0], run[1]); i++) {
            clear(WORK.resolve("copy-ours-" + i));
            clear(WORK.resolve("copy-cp-" + i));
        }
    }

    // --- archives -----------------------------------------------------------------------------------------------

    private record Archives(ArchiveStore store, String id, Path cliFile) {
    }

    private Archives archiveCreate(long bytes) throws Exception {
        Path root = WORK.resolve("archives");
        clear(root);
        ArchiveStore store = new ArchiveStore(root, Clock.systemUTC(), new ObjectMapper());
        Path cliFile = WORK.resolve("cli.tar.zst");
        int[] run = {0};
        compare("archive-create", bytes, "tar | zstd -3 -T1 + sha256sum",
                new Side(() -> clear(root), () -> store.createFromFolder("bench-" + ++run[0], ArchiveKind.PRODUCTION_DATA,
                        "1", "storage benchmark", SOURCE)),
                new Side(() -> clear(cliFile), () -> shell("tar -cf - -C '" + SOURCE + "' . | zstd -3 -T1 -q > '"
                        + cliFile + "' && sha256sum '" + cliFile + "' > /dev/null")));
        String id = "bench-" + run[0];
        Archive archive = store.verify(id, VerificationDepth.DEEP);
        BenchmarkReport.note(String.format(Locale.ROOT, "archive sizes: ours %.1f MB, zstd CLI %.1f MB (from %.1f MB)",
                archive.archiveSize() / 1e6, Files.size(cliFile) / 1e6, bytes / 1e6));
        return new Archives(store, id, cliFile);
    }

    private void archiveVerify(long bytes, Archives archives) throws Exception {
        Path file = archives.cliFile();
        compare("archive-verify-deep", bytes, "zstd -d -c | sha256sum",
                new Side(() -> {
                }, () -> archives.store().verify(archives.id(), VerificationDepth.DEEP)),
                new Side(() -> {
                }, () -> shell("zstd -d -q -c '" + file + "' | sha256sum > /dev/null")));
        long compressed = archives.store().verify(archives.id()).archiveSize();
        compare("archive-verify-quick", compressed, "sha256sum",
                new Side(() -> {
                }, () -> archives.store().verify(archives.id(), VerificationDepth.QUICK)),
                new Side(() -> {
                }, () -> shell("sha256sum '" + file + "' > /dev/null")));
        clear(archives.store().root());
        clear(file);
    }

    // --- PostgreSQL ---------------------------------------------------------------------------------------------

    private void postgresCopy() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String source = "pgbench_source";
        postgres.createDatabase(source);
        Map<String, String> libpq = Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(postgres.port()),
                "PGUSER", TestPostgres.ROLE, "PGPASSWORD", TestPostgres.PASSWORD);
        shell(PG_BIN + "/pgbench -i -q -s " + PGBENCH_SCALE + " " + source, libpq);
        long bytes = Long.parseLong(postgres.query(source, "SELECT pg_database_size(current_database())").get(0));
        BenchmarkReport.note(String.format(Locale.ROOT, "pgbench -i -s %d database: %.1f MB (pg_database_size);"
                + " embedded PostgreSQL %s, fsync off, pg tools %s", PGBENCH_SCALE, bytes / 1e6,
                postgres.query(source, "SHOW server_version").get(0), PG_BIN));

        String ours = "pgbench_ours";
        String manual = "pgbench_manual";
        DataStores stores = new TestStores()
                .with("production", TestStores.postgres(postgres.url(source), TestPostgres.ROLE, TestPostgres.PASSWORD,
                        List.of()))
                .with("test", TestStores.postgres(postgres.url(ours), TestPostgres.ROLE, TestPostgres.PASSWORD,
                        List.of()))
                .build();
        Path dump = WORK.resolve("pg-dump");
        Side oursSide = new Side(() -> dropDatabase(postgres, ours), () -> stores.copy("production", "test"));
        compare("postgres-copy", bytes, "createdb + pg_dump -Fd -j2 --compress=0 + pg_restore -j2", oursSide,
                manualCopy(postgres, manual, dump, libpq, source, " --compress=0"));
        compare("postgres-copy-vs-gzip-dump", bytes, "createdb + pg_dump -Fd -j2 + pg_restore -j2", oursSide,
                manualCopy(postgres, manual, dump, libpq, source, ""));
        assertThat(postgres.query(ours, "SELECT count(*) FROM pgbench_accounts"))
                .isEqualTo(postgres.query(source, "SELECT count(*) FROM pgbench_accounts"))
                .isEqualTo(postgres.query(manual, "SELECT count(*) FROM pgbench_accounts"));
        for (String database : List.of(ours, manual, source)) {
            dropDatabase(postgres, database);
        }
        clear(dump);
    }

    private static Side manualCopy(TestPostgres postgres, String target, Path dump, Map<String, String> libpq,
                                   String source, String dumpOptions) {
        return new Side(() -> {
            dropDatabase(postgres, target);
            clear(dump);
        }, () -> shell(PG_BIN + "/createdb -T template0 " + target
                + " && " + PG_BIN + "/pg_dump -Fd -j2" + dumpOptions + " -f '" + dump + "' " + source
                + " && " + PG_BIN + "/pg_restore -j2 -d " + target + " '" + dump + "'", libpq));
    }

    private static void dropDatabase(TestPostgres postgres, String database) throws Exception {
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    }

    // --- measuring ----------------------------------------------------------------------------------------------

    /**
     * One unmeasured run of each side, then {@link #RUNS} alternate measured runs; prints the comparison line and the
     * throughputs ({@code bytes} per median time).
     */
    private static void compare(String name, long bytes, String baselineName, Side ours, Side baseline)
            throws Exception {
        String loadBefore = loadAverage();
        Alternation.Timings timings = Alternation.run(RUNS, ours, baseline);
        double oursMedian = timings.oursMedian();
        double baselineMedian = timings.baselineMedian();
        BenchmarkReport.compare(name, oursMedian, baselineMedian);
        BenchmarkReport.note(String.format(Locale.ROOT, "%s: ours %.0f MB/s, %s %.0f MB/s (throughput %.2f of the"
                        + " baseline); %s; load %s → %s", name, bytes / 1e6 / oursMedian, baselineName,
                bytes / 1e6 / baselineMedian, baselineMedian / oursMedian, timings.runs(), loadBefore, loadAverage()));
    }

    private static String loadAverage() throws IOException {
        return Shell.loadAverage();
    }

    private static void shell(String command) throws IOException, InterruptedException {
        Shell.run(command, Map.of());
    }

    private static void shell(String command, Map<String, String> environment) throws IOException, InterruptedException {
        Shell.run(command, environment);
    }

    private static void clear(Path path) throws IOException {
        FileTrees.deleteRecursively(path);
    }

    // --- data ---------------------------------------------------------------------------------------------------

    /**
     * The ERP-like folder ({@code target/storage-benchmark/erp-data}), generated (deterministically) unless a complete
     * one is there; returns its size. {@code RemoteCopyBenchmark} copies it too.
     */
    static long erpData() throws IOException {
        if (!Files.exists(SOURCE_COMPLETE)) {
            clear(SOURCE);
            ErpFolder.generate(SOURCE, 20261124, List.of(new ErpFolder.Table("base/ecritures.csv", 120_000_000L,
                            ErpFolder::entryLine), new ErpFolder.Table("base/mouvements_stock.csv", 80_000_000L,
                            ErpFolder::stockLine), new ErpFolder.Table("base/clients.csv", 20_000_000L,
                            ErpFolder::clientLine)), "base/ecritures.idx", 40_000_000L, 4000);
            Files.writeString(SOURCE_COMPLETE, "generated\n");
        }
        return ErpFolder.size(SOURCE);
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
