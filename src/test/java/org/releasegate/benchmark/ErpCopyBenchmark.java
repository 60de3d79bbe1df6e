package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.releasegate.benchmark.Alternation.Side;
import org.releasegate.data.DataStores;
import org.releasegate.files.FileTrees;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.erp.ErpFixture;

/**
 * {@code postgres-copy-erp}: our verified copy of a realistic ERP database from production to test
 * ({@link DataStores#copy}: pg_dump -Fd -j2 with every row and large object hashed on the dump's snapshot, pg_restore
 * -j2 into a staging database, everything hashed again, swap) against the bare tools an administrator would type:
 * {@code createdb} + {@code pg_dump -Fd -j2} + {@code pg_restore -j2} into a fresh database on the same server, owners
 * kept on both sides. The database is {@link ErpFixture} at its {@linkplain ErpFixture.Size#benchmark() benchmark
 * size}: 220 tables in three schemas owned by {@value ErpFixture#OWNER}, foreign keys and indexes, wide tables, two
 * extensions, 20,000 large objects, about 400 MB. Database only: the baseline copies no attachments folder.
 * <p>
 * Each side runs once unmeasured, then {@value #RUNS} times alternately; medians. A second line compares with
 * pg_dump's {@code --compress=0}, the dump format our store uses; note lines time the phases of ours one by one.
 * Run with {@code ./mvnw -Pbenchmark test -Dtest=ErpCopyBenchmark}.
 */
class ErpCopyBenchmark {

    private static final int RUNS = 3;
    private static final Path WORK = Path.of("target", "erp-benchmark").toAbsolutePath();
    /**
     * Where both sides dump, in memory when the machine has a tmpfs: pg_dump writes one file per large object, and
     * on ext4 creating 20,000 files right after 20,000 were deleted (the other side's dump) pays an inode scan
     * (ext4_create → recently_deleted) that made the same baseline take 19 s, then 46 s, then 70 s in a row.
     */
    private static final Path DUMPS = Files.isDirectory(Path.of("/dev/shm"))
            ? Path.of("/dev/shm", "release-gate-erp-benchmark") : WORK.resolve("dumps");
    private static final String SOURCE = "gestan_bench";
    private static final String OURS = "gestan_bench_ours";
    private static final String MANUAL = "gestan_bench_manual";

    @Test
    void erpCopyAgainstTheBareTools() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String bin = TestPostgres.clientBin().toString();
        BenchmarkReport.note("ErpCopyBenchmark: load average at start " + Shell.loadAverage());
        long start = System.nanoTime();
        ErpFixture erp = ErpFixture.create(postgres, SOURCE, WORK.resolve("pieces-jointes"),
                ErpFixture.Size.benchmark());
        double generated = (System.nanoTime() - start) / 1e9;
        long bytes = Long.parseLong(postgres.query(SOURCE, "SELECT pg_database_size(current_database())").get(0));
        BenchmarkReport.note(String.format(Locale.ROOT, "postgres-copy-erp: %s tables, %s large objects (%.1f MB),"
                        + " %.1f MB (pg_database_size), generated in %.0f s; embedded PostgreSQL %s (fsync off, both"
                        + " sides), tools %s",
                postgres.query(SOURCE, "SELECT count(*) FROM pg_tables WHERE schemaname IN"
                        + " ('public', 'vente', 'compta', 'stock')").get(0),
                postgres.query(SOURCE, "SELECT count(*) FROM pg_largeobject_metadata").get(0),
                Long.parseLong(postgres.query(SOURCE, "SELECT sum(length(lo_get(oid))) FROM pg_largeobject_metadata")
                        .get(0)) / 1e6, bytes / 1e6, generated, postgres.query(SOURCE, "SHOW server_version").get(0), bin));

        FileTrees.deleteRecursively(DUMPS);
        Files.createDirectories(DUMPS);
        BenchmarkReport.note("postgres-copy-erp: both sides dump into " + DUMPS);
        DataStoreSettings test = ErpFixture.settings(postgres, OURS);
        DataStores stores = new TestStores()
                .with("production", erp.settings())
                .with("test", new DataStoreSettings(test.type(), test.path(), test.url(), test.username(),
                        test.password(), test.jobs(), test.pgBin(), DUMPS, test.maintenanceDatabase(), test.owner(),
                        test.postCopy(), test.business(), test.metadata()))
                .build();
        Map<String, String> libpq = Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(postgres.port()),
                "PGUSER", TestPostgres.ROLE, "PGPASSWORD", TestPostgres.PASSWORD);
        Path dump = DUMPS.resolve("pg-dump");
        // Ours deletes its dump once restored: the baseline does too, as an administrator would.
        Side ours = new Side(() -> drop(postgres, OURS), () -> stores.copy("production", "test"));

        compare("postgres-copy-erp", ours, manualCopy(postgres, bin, dump, libpq, ""));
        compare("postgres-copy-erp-vs-uncompressed-dump", ours, manualCopy(postgres, bin, dump, libpq,
                " --compress=0"));

        Fingerprint source = stores.of("production").fingerprint();
        assertThat(stores.of("test").fingerprint()).isEqualTo(source);
        assertThat(ErpFixture.tableOwners(postgres, OURS)).isEqualTo(ErpFixture.tableOwners(postgres, SOURCE))
                .isEqualTo(ErpFixture.tableOwners(postgres, MANUAL));
        assertThat(ErpFixture.largeObjects(postgres, OURS)).isEqualTo(ErpFixture.largeObjects(postgres, SOURCE));

        phases(postgres, stores, bin, dump, libpq);

        for (String database : List.of(OURS, MANUAL, SOURCE)) {
            drop(postgres, database);
        }
        FileTrees.deleteRecursively(WORK);
        FileTrees.deleteRecursively(DUMPS);
        BenchmarkReport.note("ErpCopyBenchmark: load average at end " + Shell.loadAverage());
    }

    /**
     * Where ours spends its time beyond the tools', one run each: its two halves against the tool each wraps — the
     * export (pg_dump, the source hashed on pg_dump's snapshot beside it) and the restore (pg_restore into a staging
     * database, the copy hashed, the swap) — and the fingerprints alone.
     */
    private static void phases(TestPostgres postgres, DataStores stores, String bin, Path dump,
                               Map<String, String> libpq) throws Exception {
        Path snapshot = DUMPS.resolve("snapshot");
        FileTrees.deleteRecursively(dump);
        double pgDump = seconds(() -> Shell.run(bin + "/pg_dump -Fd -j2 --compress=0 --no-sync -f '" + dump + "' "
                + SOURCE, libpq));
        double oursExport = seconds(() -> stores.of("production").exportSnapshot(snapshot));
        drop(postgres, MANUAL);
        double pgRestore = seconds(() -> Shell.run(bin + "/createdb -T template0 -O " + ErpFixture.OWNER + " "
                + MANUAL + " && " + bin + "/pg_restore -j2 -d " + MANUAL + " '" + dump + "'", libpq));
        drop(postgres, OURS);
        double oursRestore = seconds(() -> stores.of("test").restoreSnapshot(snapshot));
        double fingerprint = seconds(() -> stores.of("production").fingerprint());
        double largeObjects = seconds(() -> postgres.query(SOURCE, "SELECT sum(hash_record_extended(row(m.oid,"
                + " lo_get(m.oid)), 0)) FROM pg_largeobject_metadata m"));
        BenchmarkReport.note(String.format(Locale.ROOT, "postgres-copy-erp phases, one run each: export %.2f s against"
                        + " pg_dump -Fd -j2 --compress=0 --no-sync alone %.2f s; restore %.2f s against createdb +"
                        + " pg_restore -j2 alone %.2f s; a fingerprint alone %.2f s (of which the large objects %.2f s);"
                        + " load %s", oursExport, pgDump, oursRestore, pgRestore, fingerprint, largeObjects,
                Shell.loadAverage()));
        FileTrees.deleteRecursively(snapshot);
        FileTrees.deleteRecursively(dump);
    }

    private static Side manualCopy(TestPostgres postgres, String bin, Path dump, Map<String, String> libpq,
                                   String dumpOptions) {
        return new Side(() -> {
            drop(postgres, MANUAL);
            FileTrees.deleteRecursively(dump);
        }, () -> Shell.run(bin + "/createdb -T template0 -O " + ErpFixture.OWNER + " " + MANUAL
                + " && " + bin + "/pg_dump -Fd -j2" + dumpOptions + " -f '" + dump + "' " + SOURCE
                + " && " + bin + "/pg_restore -j2 -d " + MANUAL + " '" + dump + "' && rm -rf '" + dump + "'", libpq));
    }

    private static void compare(String name, Side ours, Side baseline) throws Exception {
        String loadBefore = Shell.loadAverage();
        Alternation.Timings timings = Alternation.run(RUNS, ours, baseline);
        BenchmarkReport.compare(name, timings.oursMedian(), timings.baselineMedian());
        BenchmarkReport.note(name + ": " + timings.runs() + "; load " + loadBefore + " → " + Shell.loadAverage());
    }

    private static double seconds(Alternation.Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void drop(TestPostgres postgres, String database) throws Exception {
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    }
}
