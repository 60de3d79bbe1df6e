package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.releasegate.data.DataStore;
import org.releasegate.files.FileTrees;
import org.releasegate.data.RowDigests;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.erp.ErpFixture;

/**
 * {@code row-digests-erp}: what telling a restore's loss record by record costs on {@link ErpFixture} at its
 * benchmark size (220 tables, about 400 MB, 2.3 million rows in its two largest tables): every table's records
 * written as key and digest ({@link DataStore#writeRowDigests}, what is recorded right after the install while
 * production is still closed) against the fingerprint of the same database (what the install already records then).
 * Note lines give the digests' size on disk and the time to read two states back in step, as the loss report
 * compares them (one row of each held at a time). Run with {@code ./mvnw -Pbenchmark test -Dtest=ErpRowDigestsBenchmark}.
 */
class ErpRowDigestsBenchmark {

    private static final Path WORK = Path.of("target", "row-digests-benchmark").toAbsolutePath();
    private static final String SOURCE = "gestan_rows_bench";

    @Test
    void rowDigestsAgainstTheFingerprint() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        FileTrees.deleteRecursively(WORK);
        if (postgres.databases().contains(SOURCE)) {
            postgres.executeAsSuperuser("postgres", "DROP DATABASE " + SOURCE + " WITH (FORCE)");
        }
        BenchmarkReport.note("ErpRowDigestsBenchmark: load average at start " + Shell.loadAverage());
        ErpFixture erp = ErpFixture.create(postgres, SOURCE, WORK.resolve("pieces-jointes"), ErpFixture.Size.benchmark());
        DataStore store = new TestStores().with("production", erp.settings()).build().of("production");
        store.fingerprint();

        double fingerprint = seconds(store::fingerprint);
        double digests = seconds(() -> store.writeRowDigests(table -> true, WORK.resolve("a")));
        store.writeRowDigests(table -> true, WORK.resolve("b"));
        long rows = 0;
        long start = System.nanoTime();
        for (String table : RowDigests.tables(WORK.resolve("a"))) {
            try (RowDigests.TableReader a = RowDigests.open(WORK.resolve("a"), table).orElseThrow();
                 RowDigests.TableReader b = RowDigests.open(WORK.resolve("b"), table).orElseThrow()) {
                Optional<RowDigests.Row> row = a.next();
                while (row.isPresent()) {
                    assertThat(b.next()).contains(row.get());
                    row = a.next();
                    rows++;
                }
            }
        }
        double compare = (System.nanoTime() - start) / 1e9;
        long bytes;
        try (Stream<Path> files = Files.list(WORK.resolve("a"))) {
            bytes = files.mapToLong(file -> file.toFile().length()).sum();
        }
        BenchmarkReport.compare("row-digests-erp", digests, fingerprint);
        BenchmarkReport.note(String.format(Locale.ROOT, "row-digests-erp: %d keyed rows, digests %.1f MB on disk;"
                + " two states read back in step in %.1f s", rows, bytes / 1e6, compare));

        postgres.executeAsSuperuser("postgres", "DROP DATABASE " + SOURCE + " WITH (FORCE)");
        FileTrees.deleteRecursively(WORK);
        BenchmarkReport.note("ErpRowDigestsBenchmark: load average at end " + Shell.loadAverage());
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
