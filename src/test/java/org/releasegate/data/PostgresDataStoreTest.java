package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;
import static org.releasegate.data.TestStores.command;
import static org.releasegate.data.TestStores.postgres;
import static org.releasegate.data.TestStores.sql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties.PostCopyScriptSettings;
import org.releasegate.files.FileTrees;

/** The postgresql store against a real PostgreSQL server, with the machine's pg_dump and pg_restore. */
class PostgresDataStoreTest {

    private static final String SOURCE = "gestan";
    private static final String TARGET = "gestan_test";
    private static final String[] SAMPLE = {
            "CREATE TABLE clients (id integer PRIMARY KEY, nom text NOT NULL, email text, cree_le timestamptz NOT NULL,"
                    + " solde numeric(12,2), actif boolean)",
            "INSERT INTO clients SELECT i, 'Client ' || i, 'client' || i || '@example.com',"
                    + " timestamptz '2024-01-01 10:00:00+01' + i * interval '1 hour', i * 10.25, i % 2 = 0"
                    + " FROM generate_series(1, 500) i",
            "CREATE TABLE factures (id bigserial PRIMARY KEY, client_id integer REFERENCES clients,"
                    + " montant double precision, piece bytea, lignes jsonb)",
            "INSERT INTO factures (client_id, montant, piece, lignes) SELECT 1 + i % 500, i / 3.0,"
                    + " decode(md5(i::text), 'hex'), jsonb_build_object('ligne', i, 'libellé', 'Article é' || i)"
                    + " FROM generate_series(1, 2000) i",
            "CREATE SCHEMA compta",
            "CREATE TABLE compta.ecritures (id serial PRIMARY KEY, compte text, debit numeric, credit numeric)",
            "INSERT INTO compta.ecritures (compte, debit, credit) SELECT '411' || (i % 7), i, 0"
                    + " FROM generate_series(1, 300) i",
            "CREATE TABLE parametres (cle text PRIMARY KEY, valeur text)",
            "INSERT INTO parametres VALUES ('smtp.host', 'smtp.gestan.example'), ('environnement', 'PRODUCTION')",
            "CREATE VIEW clients_actifs AS SELECT * FROM clients WHERE actif"};

    /** Documents kept as large objects, referenced by an oid column, as ERPs keep scanned or generated PDFs. */
    private static final String DOCUMENTS = "CREATE TABLE documents (id integer PRIMARY KEY, fichier oid NOT NULL);"
            + " INSERT INTO documents SELECT i, lo_from_bytea(0, convert_to('%PDF-1.4 document ' || i, 'UTF8')"
            + " || decode(repeat(md5(i::text), 100), 'hex')) FROM generate_series(1, 5) i";
    private static final String DOCUMENT_BYTES = "SELECT string_agg(fichier || ':' || encode(lo_get(fichier), 'hex'),"
            + " ',' ORDER BY id) FROM documents";

    /** In a {@link #storesWithTools} script: runs the machine's own tool of that name with the script's arguments. */
    private static final String REAL_TOOL = "\"$real/$(basename \"$0\")\" \"$@\"";
    /** Starts a {@link #storesWithTools} script that answers {@code --version} as the machine's tool does. */
    private static final String VERSION_AS_REAL = "[ \"$1\" = --version ] && exec " + REAL_TOOL + "\n";

    static TestPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void freshDatabases() throws SQLException {
        postgres.dropDatabasesStartingWith(SOURCE, "rg_drill_");
        postgres.createDatabase(SOURCE, SAMPLE);
        postgres.createDatabase(TARGET, "CREATE TABLE ancien (id integer)", "INSERT INTO ancien VALUES (1), (2)");
    }

    @Test
    void copyReplacesTheTargetWithAVerifiedCopyAndOnlyReadsTheSource() throws Exception {
        DataStores stores = stores(List.of());
        Fingerprint sourceBefore = stores.of("production").fingerprint();
        Fingerprint targetBefore = stores.of("test").fingerprint();

        try (Connection openOnTarget = postgres.connect(TARGET)) {
            Fingerprint copied = stores.copy("production", "test");

            assertThat(copied.sameContentAs(sourceBefore)).isTrue();
            assertThat(openOnTarget.isValid(2)).as("the session on the replaced database was ended").isFalse();
        }
        assertThat(stores.of("production").fingerprint()).isEqualTo(sourceBefore);
        assertThat(stores.of("test").fingerprint()).isEqualTo(sourceBefore);
        assertThat(targetBefore.parts()).extracting(Fingerprint.Part::name).containsExactly("public.ancien");
        assertThat(sourceBefore.parts()).extracting(Fingerprint.Part::name, Fingerprint.Part::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("compta.ecritures", 300L),
                org.assertj.core.groups.Tuple.tuple("public.clients", 500L),
                org.assertj.core.groups.Tuple.tuple("public.factures", 2000L),
                org.assertj.core.groups.Tuple.tuple("public.parametres", 2L));
        assertSourceAndTargetOnly();
        assertThat(postgres.query(TARGET, "SELECT count(*) FROM clients_actifs")).containsExactly("250");
        assertThat(postgres.query(TARGET, "SELECT nextval('factures_id_seq')")).containsExactly("2001");
        assertThat(leftoverDumps()).isEmpty();
    }

    @Test
    void copyIntoATargetDatabaseThatDoesNotExistYetCreatesIt() throws Exception {
        postgres.executeAsSuperuser("postgres", "DROP DATABASE " + TARGET);

        stores(List.of()).copy("production", "test");

        assertThat(postgres.query(TARGET, "SELECT count(*) FROM factures")).containsExactly("2000");
    }

    @Test
    void postCopyScriptsChangeTheStagedCopyOnly() throws Exception {
        Path mask = Files.writeString(dir.resolve("masquer.sql"), """
                -- personal data never leaves production
                UPDATE clients SET email = 'client' || id || '@masque.invalid';
                DO $$ BEGIN UPDATE parametres SET valeur = 'localhost:1' WHERE cle = 'smtp.host'; END $$;
                """);
        String psql = PgTools.locate(null).bin().resolve("psql").toString();
        PostCopyScriptSettings markAsTest = command("sh", "-c", "\"" + psql + "\" -v ON_ERROR_STOP=1 -q -c "
                + "\"UPDATE parametres SET valeur = 'TEST' WHERE cle = 'environnement'\"");
        DataStores stores = stores(List.of(sql(mask), markAsTest));
        Fingerprint sourceBefore = stores.of("production").fingerprint();

        stores.copy("production", "test");

        assertThat(postgres.query(TARGET, "SELECT DISTINCT split_part(email, '@', 2) FROM clients"))
                .containsExactly("masque.invalid");
        assertThat(postgres.query(TARGET, "SELECT valeur FROM parametres ORDER BY cle"))
                .containsExactly("TEST", "localhost:1");
        assertThat(postgres.query(SOURCE, "SELECT valeur FROM parametres ORDER BY cle"))
                .containsExactly("PRODUCTION", "smtp.gestan.example");
        assertThat(stores.of("production").fingerprint()).isEqualTo(sourceBefore);
        assertThat(stores.of("test").fingerprint().changesSince(sourceBefore)).extracting(Fingerprint.Change::name)
                .containsExactly("public.clients", "public.parametres");
    }

    @Test
    void aFailingPostCopyScriptKeepsThePreviousTestDatabase() throws Exception {
        Path mask = Files.writeString(dir.resolve("masquer.sql"), "UPDATE clients SET email = NULL;\n"
                + "UPDATE clients SET colonne_inconnue = 1;\n");
        DataStores stores = stores(List.of(sql(mask)));
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(PostCopyScript.PostCopyScriptFailedException.class)
                .hasMessageContaining("post-copy script masquer.sql failed")
                .hasMessageContaining("colonne_inconnue")
                .hasMessageContaining("the previous data was kept");

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void aFailingPostCopyCommandIsNamedWithItsOutput() throws Exception {
        DataStores stores = stores(List.of(command("sh", "-c", "echo \"no mail server for $PGDATABASE\"; exit 3")));
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .hasMessageContaining("post-copy command sh -c")
                .hasMessageContaining("exit code 3")
                .hasMessageMatching("(?s).*no mail server for gestan_test_rgs_[0-9a-f]{16}.*");

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void wrongPasswordIsReportedClearlyAndTheTargetIsUntouched() throws Exception {
        DataStores stores = new TestStores()
                .with("production", postgres(postgres.url(SOURCE), TestPostgres.ROLE, "wrong", List.of()))
                .with("test", postgres(postgres.url(TARGET), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .build();
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessageStartingWith("Base PostgreSQL de l'environnement « production » : connexion impossible")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("localhost", "password"))
                .satisfies(failure -> assertThat(((DataStoreUnavailableException) failure).detail()).get(STRING)
                        .contains("environment 'production': cannot connect to PostgreSQL database 'gestan' on"
                                + " localhost:" + postgres.port() + " as user 'releasegate'",
                                "password authentication failed"));

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void unreachableServerAndMissingDatabaseAreReportedClearly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DataStores stores = new TestStores()
                .with("unreachable", postgres("jdbc:postgresql://localhost:" + closedPort + "/gestan",
                        TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .with("missing", postgres(postgres.url("nexiste_pas"), TestPostgres.ROLE, TestPostgres.PASSWORD,
                        List.of()))
                .with("test", postgres(postgres.url(TARGET), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .build();
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("unreachable", "test"))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessageStartingWith("Base PostgreSQL de l'environnement « unreachable » : connexion impossible")
                .satisfies(failure -> assertThat(((DataStoreUnavailableException) failure).detail()).get(STRING)
                        .contains("cannot connect to PostgreSQL database 'gestan' on localhost:" + closedPort,
                                "refused"));
        assertThatThrownBy(() -> stores.copy("missing", "test"))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessageStartingWith("Base PostgreSQL de l'environnement « missing » :")
                .satisfies(failure -> assertThat(((DataStoreUnavailableException) failure).detail()).get(STRING)
                        .contains("database \"nexiste_pas\" does not exist"));

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void snapshotExportAndRestoreRoundTripAndTellWhatARestoreWouldUndo() throws Exception {
        DataStore production = stores(List.of()).of("production");
        Path folder = dir.resolve("snapshot");

        Snapshot snapshot = production.exportSnapshot(folder);
        postgres.execute(SOURCE, "DELETE FROM factures WHERE id > 1900",
                "UPDATE parametres SET valeur = 'autre' WHERE cle = 'smtp.host'",
                "CREATE TABLE nouvelle (id integer)");

        assertThat(Snapshot.read(folder)).contains(snapshot);
        assertThat(snapshot.fingerprint().sameContentAs(production.fingerprint())).isFalse();
        assertThat(production.fingerprint().changesSince(snapshot.fingerprint())).containsExactly(
                new Fingerprint.Change("public.factures", Fingerprint.Change.Kind.CHANGED, 2000L, 1900L),
                new Fingerprint.Change("public.nouvelle", Fingerprint.Change.Kind.ADDED, null, 0L),
                new Fingerprint.Change("public.parametres", Fingerprint.Change.Kind.CHANGED, 2L, 2L));

        Fingerprint restored = production.restoreSnapshot(folder);

        assertThat(restored.sameContentAs(snapshot.fingerprint())).isTrue();
        assertThat(production.fingerprint()).isEqualTo(snapshot.fingerprint());
        assertSourceAndTargetOnly();
        assertThat(snapshot.properties()).containsKeys("encoding", "lcCollate", "pgDump", "serverVersion");
    }

    @Test
    void aRestoreDrillRestoresIntoAScratchDatabaseDroppedAfterwards() throws Exception {
        DataStore production = stores(List.of()).of("production");
        Snapshot snapshot = production.exportSnapshot(dir.resolve("snapshot"));

        try (DataStore.ScratchStore scratch = production.scratch(dir.resolve("drill"))) {
            Fingerprint restored = scratch.restoreSnapshot(dir.resolve("snapshot"));

            assertThat(restored.sameContentAs(snapshot.fingerprint())).isTrue();
            assertThat(scratch.fingerprint()).isEqualTo(snapshot.fingerprint());
            assertThat(postgres.databases()).anyMatch(name -> name.startsWith("rg_drill_"));
        }
        assertSourceAndTargetOnly();
    }

    @Test
    void aSnapshotWhoseContentDiffersFromItsDescriptionIsRefusedAndTheTargetKept() throws Exception {
        DataStores stores = stores(List.of());
        Path folder = dir.resolve("snapshot");
        stores.of("production").exportSnapshot(folder);
        postgres.execute(SOURCE, "UPDATE clients SET nom = 'modifié' WHERE id = 7");
        Path other = dir.resolve("other");
        stores.of("production").exportSnapshot(other);
        // The dump of the modified database under the description of the original one.
        FileTrees.deleteRecursively(folder.resolve("dump"));
        Files.move(other.resolve("dump"), folder.resolve("dump"));
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.of("test").restoreSnapshot(folder))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("La copie des données à restaurer ne redonne pas ce qu'elle décrit : rien n'a été restauré. "
                        + "Le journal du serveur dit ce qui diffère.")
                .satisfies(refused -> assertThat(((SnapshotRejectedException) refused).detail()).get(STRING)
                        .contains("does not restore what it describes").contains("public.clients changed (500 → 500)"));

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void aFailingPgDumpIsReportedWithItsOutputAndLeavesNothingBehind() throws Exception {
        String noSpace = VERSION_AS_REAL
                + "echo \"$(basename \"$0\"): error: could not write to file: No space left on device\" >&2; exit 1";
        DataStores stores = storesWithTools(noSpace, noSpace);
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("environment 'production': pg_dump of 'gestan' on localhost:" + postgres.port()
                        + " failed with exit code 1")
                .hasMessageContaining("No space left on device");

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
        assertThat(leftoverDumps()).isEmpty();
    }

    @Test
    void rowsWrittenToTheSourceDuringTheCopyAreLeftOutOfItAndOfItsVerification() throws Exception {
        // Production stays in use while it is copied. pg_dump and the checksums read the snapshot exported before
        // pg_dump starts, so a row written meanwhile is in neither, and the copy is still proven equal to what was
        // dumped.
        Fingerprint sourceBefore = stores(List.of()).of("production").fingerprint();
        DataStores stores = storesWithTools("[ \"$1\" = --version ] || \"$real/psql\" -q -d " + SOURCE
                + " -c \"INSERT INTO parametres VALUES ('ecrit.pendant', 'la copie')\" || exit 1\nexec " + REAL_TOOL,
                REAL_TOOL);

        Fingerprint copied = stores.copy("production", "test");

        assertThat(copied.sameContentAs(sourceBefore)).isTrue();
        assertThat(postgres.query(SOURCE, "SELECT count(*) FROM parametres")).containsExactly("3");
        assertThat(postgres.query(TARGET, "SELECT count(*) FROM parametres")).containsExactly("2");
    }

    @Test
    void aFailingRestoreDropsTheStagingDatabaseAndLeavesNoSessionOnTheSource() throws Exception {
        DataStores stores = storesWithTools(REAL_TOOL, VERSION_AS_REAL
                + "echo 'pg_restore: error: could not execute query: No space left on device' >&2; exit 1");
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pg_restore into 'gestan_test_rgs_")
                .hasMessageContaining("No space left on device");

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
        assertThat(leftoverDumps()).isEmpty();
        try {
            await("the session of the dump has ended").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .until(() -> postgres.query("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + SOURCE + "' AND backend_type = 'client backend'").equals(List.of("0")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("[the session of the dump has ended]", e);
        }
    }

    @Test
    void aDatabaseIsNeverCopiedOntoItself() throws Exception {
        DataStores stores = new TestStores()
                .with("production", postgres(postgres.url(SOURCE), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .with("test", postgres(postgres.url(SOURCE) + "?sslmode=disable",
                        TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .build();
        Fingerprint before = stores.of("production").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(DataStoreConfigurationException.class)
                .hasMessageContaining("is this very database");

        assertThat(stores.of("production").fingerprint()).isEqualTo(before);
    }

    @Test
    void leftoversOfADeadAttemptAreDroppedAndTheTargetReopened() throws Exception {
        postgres.executeAsSuperuser("postgres", "CREATE DATABASE " + TARGET + "_rgs_0123456789abcdef OWNER "
                + TestPostgres.ROLE, "ALTER DATABASE " + TARGET + " ALLOW_CONNECTIONS false");

        stores(List.of()).copy("production", "test");

        assertSourceAndTargetOnly();
        assertThat(postgres.query(TARGET, "SELECT count(*) FROM clients")).containsExactly("500");
    }

    @Test
    void fingerprintSumsAreThoseOfRowByRowNumericSumsBeyondTheRangeOf64Bits() throws Exception {
        String numeric = "coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text,"
                + " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text";
        for (String table : List.of("clients", "factures", "compta.ecritures")) {
            String rows = " FROM (SELECT md5(t::text) AS h FROM ONLY " + table + " t) rows";
            assertThat(postgres.query(SOURCE, "SELECT " + PostgresFingerprint.SUMS + rows))
                    .as(table).isEqualTo(postgres.query(SOURCE, "SELECT " + numeric + rows));
        }
        // 2,000 random 64-bit halves add up beyond a bigint: the sum must not wrap or overflow.
        String firstSum = postgres.query(SOURCE, "SELECT " + PostgresFingerprint.SUMS
                + " FROM (SELECT md5(t::text) AS h FROM ONLY factures t) rows").get(0);
        assertThat(new java.math.BigInteger(firstSum).abs()).isGreaterThan(java.math.BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void aTableWhoseColumnsHaveNoHashFunctionIsFingerprintedByItsTextAndItsChangesSeen() throws Exception {
        // point has no hash function: hash_record_extended refuses the row, the table falls back to md5 of its text.
        postgres.execute(SOURCE, "CREATE TABLE depots (id integer PRIMARY KEY, position point, note json)",
                "INSERT INTO depots SELECT i, point(i, i * 2), json_build_object('n', i) FROM generate_series(1, 50) i");
        DataStores stores = stores(List.of());
        Fingerprint before = stores.of("production").fingerprint();

        Fingerprint copied = stores.copy("production", "test");
        postgres.execute(SOURCE, "UPDATE depots SET position = point(0, 0) WHERE id = 7");

        assertThat(copied.sameContentAs(before)).isTrue();
        assertThat(stores.of("test").fingerprint()).isEqualTo(before);
        assertThat(stores.of("production").fingerprint().changesSince(before)).containsExactly(
                new Fingerprint.Change("public.depots", Fingerprint.Change.Kind.CHANGED, 50L, 50L));
    }

    @Test
    void aSnapshotFingerprintedTheFormerWayIsStillVerifiedAndComparedThatWay() throws Exception {
        DataStore production = stores(List.of()).of("production");
        Path folder = dir.resolve("snapshot");
        Snapshot snapshot = production.exportSnapshot(folder);
        Fingerprint md5 = fingerprint(SOURCE, PostgresFingerprint.RowHash.MD5_TEXT);
        // snapshot.json as an earlier version wrote it: md5 of each row's text, no method.
        Files.delete(folder.resolve(Snapshot.FILE_NAME));
        new Snapshot(snapshot.format(), snapshot.type(), snapshot.source(), snapshot.createdAt(), md5,
                snapshot.properties()).writeTo(folder);
        assertThat(Files.readString(folder.resolve(Snapshot.FILE_NAME))).doesNotContain("method");
        assertThat(md5.method()).isNull();
        assertThat(snapshot.fingerprint().method()).isEqualTo("pg-record-hash+large-objects");
        postgres.execute(SOURCE, "DELETE FROM factures WHERE id > 1990");

        assertThat(production.fingerprintLike(md5).changesSince(md5)).containsExactly(
                new Fingerprint.Change("public.factures", Fingerprint.Change.Kind.CHANGED, 2000L, 1990L));
        assertThatThrownBy(() -> production.fingerprint().changesSince(md5))
                .isInstanceOf(IllegalArgumentException.class);

        Fingerprint restored = production.restoreSnapshot(folder);

        assertThat(restored).isEqualTo(md5);
        assertThat(production.fingerprint()).isEqualTo(snapshot.fingerprint());
    }

    @Test
    void largeObjectsArePartOfTheFingerprintAndCopiedWithTheirOids() throws Exception {
        postgres.execute(SOURCE, DOCUMENTS);
        DataStores stores = stores(List.of());
        Fingerprint before = stores.of("production").fingerprint();
        assertThat(before.part(Fingerprint.LARGE_OBJECTS)).map(Fingerprint.Part::count).contains(5L);

        Fingerprint copied = stores.copy("production", "test");

        assertThat(copied.sameContentAs(before)).isTrue();
        assertThat(postgres.query(TARGET, DOCUMENT_BYTES)).isEqualTo(postgres.query(SOURCE, DOCUMENT_BYTES))
                .first().asString().contains("255044462d"); // %PDF-, referenced by the same oid values
        // One byte of one document rewritten, no row of any table touched: the large objects' part tells.
        postgres.execute(SOURCE, "SELECT lo_put((SELECT fichier FROM documents WHERE id = 3), 1, '\\x51'::bytea)");
        assertThat(stores.of("production").fingerprint().changesSince(before)).containsExactly(
                new Fingerprint.Change(Fingerprint.LARGE_OBJECTS, Fingerprint.Change.Kind.CHANGED, 5L, 5L));
        assertThat(stores.of("test").fingerprint()).isEqualTo(before);
    }

    @Test
    void aCopyThatLostTheLargeObjectsIsRefusedAndTheTargetKept() throws Exception {
        postgres.execute(SOURCE, DOCUMENTS);
        // A dump without the large objects: every table restores to the same rows, the documents are gone.
        DataStores stores = storesWithTools(VERSION_AS_REAL + "exec \"$real/pg_dump\" --no-blobs \"$@\"", REAL_TOOL);
        Fingerprint targetBefore = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(DataCopyVerificationException.class)
                .hasMessage("La copie des données ne correspond pas à sa source : rien n'a été remplacé. Relancez "
                        + "l'étape ; si cela se répète, le journal du serveur dit ce qui diffère.")
                .satisfies(refused -> assertThat(((DataCopyVerificationException) refused).detail()).get(STRING)
                        .contains("differs from its source: [" + Fingerprint.LARGE_OBJECTS + " removed (5)]")
                        .doesNotStartWith("La"));

        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
        assertSourceAndTargetOnly();
    }

    @Test
    void aSnapshotTakenBeforeLargeObjectsWereCountedStillRestoresAndComparesWithoutThem() throws Exception {
        postgres.execute(SOURCE, DOCUMENTS);
        DataStore production = stores(List.of()).of("production");
        Path folder = dir.resolve("snapshot");
        Snapshot snapshot = production.exportSnapshot(folder);
        assertThat(snapshot.fingerprint().method()).isEqualTo("pg-record-hash+large-objects");
        // snapshot.json as the previous version wrote it: rows hashed the same way, large objects not counted.
        Fingerprint former = fingerprint(SOURCE, PostgresFingerprint.RowHash.RECORD);
        assertThat(former.method()).isEqualTo("pg-record-hash");
        assertThat(former.part(Fingerprint.LARGE_OBJECTS)).isEmpty();
        Files.delete(folder.resolve(Snapshot.FILE_NAME));
        new Snapshot(snapshot.format(), snapshot.type(), snapshot.source(), snapshot.createdAt(), former,
                snapshot.properties()).writeTo(folder);
        postgres.execute(SOURCE, "SELECT lo_unlink(fichier) FROM documents WHERE id = 5");

        assertThat(production.fingerprintLike(former)).isEqualTo(former);
        assertThat(production.restoreSnapshot(folder)).isEqualTo(former);
        assertThat(production.fingerprint()).isEqualTo(snapshot.fingerprint());
    }

    private static Fingerprint fingerprint(String database, PostgresFingerprint.RowHash rowHash) throws SQLException {
        try (Connection connection = postgres.connect(database)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return PostgresFingerprint.of(connection, rowHash);
        }
    }

    private static DataStores stores(List<PostCopyScriptSettings> postCopy) {
        return new TestStores()
                .with("production", postgres(postgres.url(SOURCE), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()))
                .with("test", postgres(postgres.url(TARGET), TestPostgres.ROLE, TestPostgres.PASSWORD, postCopy))
                .build();
    }

    /**
     * Stores whose production is read with a pg_dump and the test database written with a pg_restore that run these
     * shell scripts; {@code $real} is the folder of the machine's tools.
     */
    private DataStores storesWithTools(String pgDumpScript, String pgRestoreScript) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path real = PgTools.locate(null).pgDump().getParent();
        for (String[] tool : new String[][] {{"pg_dump", pgDumpScript}, {"pg_restore", pgRestoreScript}}) {
            Path script = bin.resolve(tool[0]);
            Files.writeString(script, "#!/bin/sh\nreal='" + real + "'\n" + tool[1] + "\n");
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        org.releasegate.environment.EnvironmentProperties.DataStoreSettings viaScripts =
                new org.releasegate.environment.EnvironmentProperties.DataStoreSettings("postgresql", null,
                        postgres.url(SOURCE), TestPostgres.ROLE, TestPostgres.PASSWORD, 2, bin, null, "postgres", null,
                        List.of(), List.of(), List.of());
        return new TestStores()
                .with("production", viaScripts)
                .with("test", new org.releasegate.environment.EnvironmentProperties.DataStoreSettings("postgresql",
                        null, postgres.url(TARGET), TestPostgres.ROLE, TestPostgres.PASSWORD, 2, bin, null, "postgres", null,
                        List.of(), List.of(), List.of()))
                .build();
    }

    private static List<Path> leftoverDumps() throws IOException {
        try (var children = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return children.filter(p -> p.getFileName().toString().startsWith(".rg-dump-" + SOURCE + "-")
                    || p.getFileName().toString().startsWith(".rg-dump-" + TARGET + "-")).toList();
        }
    }

    /** Both databases are there, and no staging, replaced or scratch database was left behind. */
    private static void assertSourceAndTargetOnly() throws SQLException {
        assertThat(postgres.databases().stream().filter(name -> name.startsWith(SOURCE) || name.startsWith("rg_drill_")))
                .containsExactlyInAnyOrder(SOURCE, TARGET);
    }
}
