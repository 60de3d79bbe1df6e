package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.data.TestStores.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.Fingerprint.Sequence;

/**
 * Where a PostgreSQL database's sequences stand, in its fingerprint, against a real server: what a restore sets them
 * back to, so that a rollback assessment can name the invoice numbers that would be given out a second time.
 */
class PostgresSequencesTest {

    private static final String DATABASE = "gestan_sequences";

    static TestPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void invoicesNumberedBySequences() throws SQLException {
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        postgres.createDatabase(DATABASE,
                "CREATE SEQUENCE facture_seq START 1000",
                "SELECT setval('facture_seq', 1042)",
                "CREATE TABLE facture (id serial PRIMARY KEY, numero bigint NOT NULL DEFAULT nextval('facture_seq'))",
                "INSERT INTO facture DEFAULT VALUES",
                "CREATE SEQUENCE devis_seq",
                "CREATE SCHEMA compta",
                "CREATE SEQUENCE compta.avoir_seq INCREMENT BY -1 START WITH 100 MAXVALUE 100");
    }

    @Test
    void theFingerprintRecordsWhereEachReadableSequenceStandsAndWhetherItGaveANumberYet() throws Exception {
        // Created by someone else and not granted: it is left out rather than failing the whole fingerprint.
        postgres.executeAsSuperuser(DATABASE, "CREATE SEQUENCE secret_seq", "SELECT nextval('secret_seq')");

        Fingerprint fingerprint = production().fingerprint();

        assertThat(fingerprint.sequences()).containsExactly(
                new Sequence("compta.avoir_seq", 100, false, -1),
                new Sequence("public.devis_seq", 1, false, 1),
                new Sequence("public.facture_id_seq", 1, true, 1),
                new Sequence("public.facture_seq", 1043, true, 1));
        assertThat(fingerprint.sequences().get(3).next()).isEqualTo(1044);
        assertThat(fingerprint.sequences().get(0).next()).as("not called yet: its start").isEqualTo(100);
    }

    @Test
    void aRestoreSetsSequencesBackToTheArchivedValuesSoTheNumbersGivenSinceWouldBeGivenAgain() throws Exception {
        DataStore production = production();
        Path folder = dir.resolve("snapshot");
        Snapshot snapshot = production.exportSnapshot(folder);
        postgres.execute(DATABASE, "INSERT INTO facture SELECT FROM generate_series(1, 14)",
                "SELECT nextval('devis_seq')");
        assertThat(production.fingerprint().sequences()).contains(new Sequence("public.facture_seq", 1057, true, 1));

        production.restoreSnapshot(folder);

        assertThat(Snapshot.read(folder).orElseThrow().fingerprint().sequences())
                .isEqualTo(snapshot.fingerprint().sequences())
                .contains(new Sequence("public.facture_seq", 1043, true, 1));
        assertThat(production.fingerprint().sequences()).isEqualTo(snapshot.fingerprint().sequences());
        assertThat(postgres.query(DATABASE, "SELECT nextval('facture_seq')")).as("already given before the restore")
                .containsExactly("1044");
    }

    @Test
    void aFingerprintWrittenBeforeSequencesWereRecordedIsReadAndComparesWithOneThatHasThem() throws Exception {
        Fingerprint now = production().fingerprint();
        Path folder = Files.createDirectories(dir.resolve("old"));
        new Snapshot(Snapshot.FORMAT, "postgresql", "gestan", "2026-01-01T00:00:00Z",
                new Fingerprint(now.unit(), now.parts(), now.method()), Map.of()).writeTo(folder);
        String written = Files.readString(folder.resolve(Snapshot.FILE_NAME), StandardCharsets.UTF_8);

        Fingerprint old = Snapshot.read(folder).orElseThrow().fingerprint();

        assertThat(written).as("no sequences, as an earlier Release Gate wrote it").doesNotContain("sequences");
        assertThat(old.sequences()).isEmpty();
        assertThat(old.sameContentAs(now)).isTrue();
        assertThat(old.sha256()).isEqualTo(now.sha256());
        assertThat(now.changesSince(old)).isEmpty();
    }

    private static DataStore production() {
        return new TestStores().with("production", postgres(postgres.url(DATABASE), TestPostgres.ROLE,
                TestPostgres.PASSWORD, List.of())).build().of("production");
    }
}
