package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.releasegate.data.TestStores.command;
import static org.releasegate.data.TestStores.h2;
import static org.releasegate.data.TestStores.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties.PostCopyScriptSettings;

/** The h2 store on real H2 database files. */
class H2DataStoreTest {

    private static final String USER = "sa";
    private static final String PASSWORD = "prod-secret";

    @TempDir
    Path dir;
    private Path production;
    private Path test;

    @BeforeEach
    void databases() throws SQLException {
        production = dir.resolve("production/gestan.mv.db");
        test = dir.resolve("test/gestan.mv.db");
        execute(production, "CREATE TABLE clients (id INTEGER PRIMARY KEY, nom VARCHAR(100) NOT NULL, email VARCHAR(200),"
                        + " cree_le TIMESTAMP WITH TIME ZONE, solde NUMERIC(12, 2), photo VARBINARY(64))",
                "INSERT INTO clients SELECT X, 'Client ' || X, 'client' || X || '@example.com',"
                        + " TIMESTAMP WITH TIME ZONE '2024-01-01 10:00:00+01' + X * INTERVAL '1' HOUR, X * 10.25,"
                        + " CAST(X AS VARBINARY) FROM SYSTEM_RANGE(1, 300)",
                "CREATE SCHEMA COMPTA",
                "CREATE TABLE COMPTA.ECRITURES (id IDENTITY PRIMARY KEY, compte VARCHAR(10), montant DOUBLE PRECISION)",
                "INSERT INTO COMPTA.ECRITURES (compte, montant) SELECT '411' || MOD(X, 7), X / 3.0 FROM SYSTEM_RANGE(1, 200)",
                "CREATE TABLE parametres (cle VARCHAR(50) PRIMARY KEY, valeur VARCHAR(200))",
                "INSERT INTO parametres VALUES ('smtp.host', 'smtp.gestan.example'), ('environnement', 'PRODUCTION')");
        execute(test, "CREATE TABLE ancien (id INTEGER)", "INSERT INTO ancien VALUES (1), (2)");
    }

    @Test
    void copyReplacesTheTargetFileWithAVerifiedCopyAndOnlyReadsTheSource() throws Exception {
        DataStores stores = stores(List.of());
        Fingerprint sourceBefore = stores.of("production").fingerprint();
        byte[] sourceBytes = Files.readAllBytes(production);

        Fingerprint copied = stores.copy("production", "test");

        assertThat(copied).isEqualTo(sourceBefore);
        assertThat(sourceBefore.parts()).extracting(Fingerprint.Part::name, Fingerprint.Part::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("COMPTA.ECRITURES", 200L),
                org.assertj.core.groups.Tuple.tuple("PUBLIC.CLIENTS", 300L),
                org.assertj.core.groups.Tuple.tuple("PUBLIC.PARAMETRES", 2L));
        assertThat(stores.of("production").fingerprint()).isEqualTo(sourceBefore);
        assertThat(Files.readAllBytes(production)).isEqualTo(sourceBytes);
        // The copy keeps production's users: the test environment is configured with the same credentials.
        assertThat(stores.of("test").fingerprint()).isEqualTo(sourceBefore);
        assertThat(query(test, "SELECT COUNT(*) FROM clients")).containsExactly("300");
        assertThat(namesIn(test.getParent())).containsExactly("gestan.mv.db");
    }

    @Test
    void postCopyScriptsChangeTheStagedCopyOnly() throws Exception {
        Path mask = Files.writeString(dir.resolve("masquer.sql"), """
                UPDATE clients SET email = 'client' || id || '@masque.invalid';
                UPDATE parametres SET valeur = 'TEST' WHERE cle = 'environnement';
                """);
        Path seen = dir.resolve("seen.txt");
        PostCopyScriptSettings record = command("sh", "-c",
                "echo \"$RELEASEGATE_DATA_TYPE $RELEASEGATE_DATA_FILE $RELEASEGATE_JDBC_URL\" > " + seen);
        DataStores stores = stores(List.of(sql(mask), record));
        Fingerprint sourceBefore = stores.of("production").fingerprint();

        stores.copy("production", "test");

        assertThat(query(test, "SELECT DISTINCT SUBSTRING(email, POSITION('@' IN email) + 1) FROM clients"))
                .containsExactly("masque.invalid");
        assertThat(query(test, "SELECT valeur FROM parametres ORDER BY cle")).containsExactly("TEST", "smtp.gestan.example");
        assertThat(stores.of("production").fingerprint()).isEqualTo(sourceBefore);
        assertThat(stores.of("test").fingerprint().changesSince(sourceBefore)).extracting(Fingerprint.Change::name)
                .containsExactly("PUBLIC.CLIENTS", "PUBLIC.PARAMETRES");
        assertThat(Files.readString(seen)).matches("h2 " + dir.resolve("test") + "/\\.gestan\\.mv\\.db\\.staging-[0-9a-f]{16}"
                + "/gestan\\.mv\\.db jdbc:h2:file:.*/gestan\\n");
    }

    @Test
    void aFailingPostCopyScriptKeepsThePreviousTestDatabase() throws Exception {
        Path mask = Files.writeString(dir.resolve("masquer.sql"), "UPDATE clients SET email = NULL;\n"
                + "UPDATE clients SET colonne_inconnue = 1;\n");
        DataStores stores = stores(List.of(sql(mask)));
        byte[] testBytes = Files.readAllBytes(test);

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(PostCopyScript.PostCopyScriptFailedException.class)
                .hasMessageContaining("post-copy script masquer.sql failed")
                .hasMessageContaining("COLONNE_INCONNUE");

        assertThat(Files.readAllBytes(test)).isEqualTo(testBytes);
        assertThat(query(test, "SELECT COUNT(*) FROM ancien")).containsExactly("2");
        assertThat(namesIn(test.getParent())).containsExactly("gestan.mv.db");
    }

    @Test
    void wrongPasswordAndMissingDatabaseAreReportedClearlyAndTheTargetIsUntouched() throws Exception {
        DataStores stores = new TestStores()
                .with("production", h2(production, USER, "wrong", List.of()))
                .with("missing", h2(dir.resolve("nowhere/gestan.mv.db"), USER, PASSWORD, List.of()))
                .with("test", h2(test, USER, PASSWORD, List.of()))
                .build();
        byte[] testBytes = Files.readAllBytes(test);

        // Operations read the message in Cockpit: French, the environment named, no URL, path or driver's English;
        // those stay in the detail (the incident's trace and the server's log).
        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessageStartingWith("Base H2 de l'environnement « production » : elle ne peut pas être ouverte")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain(dir.toString(), "jdbc", "Wrong"))
                .satisfies(failure -> assertThat(((DataStoreUnavailableException) failure).detail()).get(STRING)
                        .contains("environment 'production': cannot open H2 database jdbc:h2:file:"
                                + production.getParent(), "as user 'sa'", "Wrong user name or password"));
        assertThatThrownBy(() -> stores.copy("missing", "test"))
                .isInstanceOf(DataStoreUnavailableException.class)
                .hasMessageStartingWith("Base H2 de l'environnement « missing » :")
                .satisfies(failure -> assertThat(((DataStoreUnavailableException) failure).detail()).get(STRING)
                        .contains("not found"));

        assertThat(Files.readAllBytes(test)).isEqualTo(testBytes);
        assertThat(namesIn(test.getParent())).containsExactly("gestan.mv.db");
        assertThat(dir.resolve("nowhere/gestan.mv.db")).doesNotExist();
    }

    @Test
    void aDatabaseIsNeverCopiedOntoItself() throws Exception {
        DataStores stores = new TestStores().with("production", h2(production, USER, PASSWORD, List.of()))
                .with("test", h2(dir.resolve("production/../production/gestan.mv.db"), USER, PASSWORD, List.of()))
                .build();
        byte[] before = Files.readAllBytes(production);

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(DataStoreConfigurationException.class)
                .hasMessageContaining("is this very database");

        assertThat(Files.readAllBytes(production)).isEqualTo(before);
    }

    @Test
    void aTargetOpenByAnApplicationIsNotReplaced() throws Exception {
        DataStores stores = stores(List.of());
        try (Connection application = DriverManager.getConnection(url(test), USER, PASSWORD)) {
            assertThatThrownBy(() -> stores.copy("production", "test"))
                    .isInstanceOf(DataStoreUnavailableException.class)
                    .hasMessage("Base H2 de l'environnement « test » : elle est ouverte par une application (fichier"
                            + " verrouillé). Arrêtez l'application qui l'utilise, puis relancez l'étape.");
            assertThat(application.isValid(1)).isTrue();
        }
        assertThat(query(test, "SELECT COUNT(*) FROM ancien")).containsExactly("2");
        assertThat(namesIn(test.getParent())).containsExactly("gestan.mv.db");
    }

    @Test
    void snapshotExportAndRestoreRoundTripAndTellWhatARestoreWouldUndo() throws Exception {
        DataStore store = stores(List.of()).of("production");
        Path folder = dir.resolve("snapshot");

        Snapshot snapshot = store.exportSnapshot(folder);
        execute(production, "DELETE FROM clients WHERE id > 290", "DROP TABLE parametres");

        assertThat(namesIn(folder)).containsExactly("database.zip", "snapshot.json");
        assertThat(store.fingerprint().changesSince(snapshot.fingerprint())).containsExactly(
                new Fingerprint.Change("PUBLIC.CLIENTS", Fingerprint.Change.Kind.CHANGED, 300L, 290L),
                new Fingerprint.Change("PUBLIC.PARAMETRES", Fingerprint.Change.Kind.REMOVED, 2L, null));

        Fingerprint restored = store.restoreSnapshot(folder);

        assertThat(restored).isEqualTo(snapshot.fingerprint());
        assertThat(store.fingerprint()).isEqualTo(snapshot.fingerprint());
        assertThat(namesIn(production.getParent())).containsExactly("gestan.mv.db");
    }

    @Test
    void aRestoreDrillRestoresIntoAScratchFileDeletedAfterwards() throws Exception {
        DataStore store = stores(List.of()).of("production");
        Snapshot snapshot = store.exportSnapshot(dir.resolve("snapshot"));
        Path scratchFolder = dir.resolve("drill");

        try (DataStore.ScratchStore scratch = store.scratch(scratchFolder)) {
            assertThat(scratch.restoreSnapshot(dir.resolve("snapshot"))).isEqualTo(snapshot.fingerprint());
            assertThat(scratch.fingerprint()).isEqualTo(snapshot.fingerprint());
        }
        assertThat(scratchFolder).doesNotExist();
    }

    @Test
    void aSnapshotOfAnotherTypeOrWithOtherContentIsRefused() throws Exception {
        DataStores stores = stores(List.of());
        Path folder = dir.resolve("snapshot");
        stores.of("production").exportSnapshot(folder);
        Path other = dir.resolve("other");
        stores.of("test").exportSnapshot(other);
        Files.copy(other.resolve("database.zip"), folder.resolve("database.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path folderSnapshot = dir.resolve("folder-snapshot");
        Files.createDirectories(dir.resolve("data"));
        new TestStores().with("files", TestStores.directory(dir.resolve("data"), List.of())).build()
                .of("files").exportSnapshot(folderSnapshot);
        byte[] productionBytes = Files.readAllBytes(production);

        assertThatThrownBy(() -> stores.of("production").restoreSnapshot(folder))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("La copie des données à restaurer ne redonne pas ce qu'elle décrit : rien n'a été restauré. "
                        + "Le journal du serveur dit ce qui diffère.")
                .satisfies(refused -> assertThat(((SnapshotRejectedException) refused).detail()).get(STRING)
                        .contains("does not restore what it describes").contains("PUBLIC.ANCIEN added (2)"));
        assertThatThrownBy(() -> stores.of("production").restoreSnapshot(folderSnapshot))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("La copie des données à restaurer vient d'un dossier de données : elle ne peut pas être "
                        + "restaurée dans une base H2. Rien n'a été restauré.")
                .satisfies(refused -> assertThat(((SnapshotRejectedException) refused).detail()).get(STRING)
                        .contains("holds a directory store; it cannot be restored into a h2 store"));

        assertThat(Files.readAllBytes(production)).isEqualTo(productionBytes);
        assertThat(namesIn(production.getParent())).containsExactly("gestan.mv.db");
    }

    private DataStores stores(List<PostCopyScriptSettings> postCopy) {
        return new TestStores()
                .with("production", h2(production, USER, PASSWORD, List.of()))
                .with("test", h2(test, USER, PASSWORD, postCopy))
                .build();
    }

    private static String url(Path file) {
        String name = file.getFileName().toString();
        return "jdbc:h2:file:" + file.resolveSibling(name.substring(0, name.length() - ".mv.db".length()));
    }

    private static void execute(Path file, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(file), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String command : sql) {
                statement.execute(command);
            }
        }
    }

    private static List<String> query(Path file, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url(file) + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r",
                USER, PASSWORD);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
