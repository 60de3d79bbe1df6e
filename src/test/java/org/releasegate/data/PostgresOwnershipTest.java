package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.camunda.bpm.client.task.ExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.worker.StepPlacement;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.process.ReleasePolicy;

/**
 * Copies and restores keep the owners and grants the ERP expects, and what the role Release Gate connects as may not
 * do stops the step before a byte moves, with the remedy in French (real server, the ERP's own roles).
 */
class PostgresOwnershipTest {

    private static final String SOURCE = "erp";
    private static final String TARGET = "erp_test";
    private static final String APP_PASSWORD = "app-secret";

    static TestPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void roles() throws IOException, SQLException {
        postgres = TestPostgres.shared();
        postgres.createRolesIfMissing("erp_owner", "erp_given", "erp_foreign", "erp_app");
        postgres.executeAsSuperuser("postgres",
                "ALTER ROLE erp_app LOGIN PASSWORD '" + APP_PASSWORD + "'",
                // The ERP's owner roles, which Release Gate's role may act as; erp_foreign it may not.
                "GRANT erp_owner TO " + TestPostgres.ROLE,
                "GRANT erp_given TO " + TestPostgres.ROLE);
    }

    @BeforeEach
    void databases() throws SQLException {
        postgres.dropDatabasesStartingWith(SOURCE);
        // As a DBA sets up an ERP: its database and objects belong to its own role, its application reads them.
        postgres.executeAsSuperuser("postgres", "CREATE DATABASE " + SOURCE + " OWNER erp_owner");
        postgres.executeAsSuperuser(SOURCE, "SET ROLE erp_owner",
                "CREATE TABLE articles (id integer PRIMARY KEY, libelle text)",
                "INSERT INTO articles SELECT i, 'Article ' || i FROM generate_series(1, 50) i",
                "CREATE SEQUENCE numeros_facture START 1000",
                "GRANT SELECT ON articles TO erp_app");
        postgres.createDatabase(TARGET, "CREATE TABLE ancien (id integer)");
    }

    @AfterEach
    void revokeSignal() throws SQLException {
        postgres.executeAsSuperuser("postgres", "REVOKE pg_signal_backend FROM " + TestPostgres.ROLE);
    }

    @Test
    void aCopyKeepsTheSourcesOwnersAndGrants() throws Exception {
        stores(null).copy("production", "test");

        assertThat(owners(TARGET)).containsExactly("articles erp_owner", "articles_pkey erp_owner",
                "numeros_facture erp_owner");
        assertThat(postgres.query(TARGET, "SELECT has_table_privilege('erp_app', 'articles', 'SELECT')"))
                .containsExactly("t");
        assertThat(databaseOwner(TARGET)).isEqualTo("erp_owner");
        assertThat(postgres.query(TARGET, "SELECT count(*) FROM articles")).containsExactly("50");
    }

    @Test
    void aCopyGivesTheDatabaseAndEveryObjectToTheConfiguredOwnerWithTheGrants() throws Exception {
        stores("erp_given").copy("production", "test");

        assertThat(owners(TARGET)).containsExactly("articles erp_given", "articles_pkey erp_given",
                "numeros_facture erp_given");
        assertThat(postgres.query(TARGET, "SELECT has_table_privilege('erp_app', 'articles', 'SELECT')"))
                .containsExactly("t");
        assertThat(databaseOwner(TARGET)).isEqualTo("erp_given");
    }

    @Test
    void aRestoredSnapshotKeepsItsOwnersAndGrants() throws Exception {
        DataStore production = stores(null).of("production");
        production.exportSnapshot(dir.resolve("snapshot"));
        postgres.executeAsSuperuser(SOURCE, "DELETE FROM articles WHERE id > 40");

        production.restoreSnapshot(dir.resolve("snapshot"));

        assertThat(owners(SOURCE)).containsExactly("articles erp_owner", "articles_pkey erp_owner",
                "numeros_facture erp_owner");
        assertThat(postgres.query(SOURCE, "SELECT has_table_privilege('erp_app', 'articles', 'SELECT')"))
                .containsExactly("t");
        assertThat(databaseOwner(SOURCE)).isEqualTo("erp_owner");
    }

    @Test
    void aTrustedExtensionTheErpsOwnerCreatedIsCopiedWithItAndGivenToTheConfiguredOwner() throws Exception {
        // Trusted: the database's owner creates it; its script runs as the superuser, who owns its objects.
        postgres.executeAsSuperuser(SOURCE, "SET ROLE erp_owner", "CREATE EXTENSION citext",
                "CREATE TABLE contacts (id integer PRIMARY KEY, email citext)",
                "INSERT INTO contacts VALUES (1, 'Compta@Exemple.fr')");
        String extensionOwner = "SELECT pg_get_userbyid(extowner) FROM pg_extension WHERE extname = 'citext'";

        stores(null).copy("production", "test");

        assertThat(postgres.query(TARGET, "SELECT id FROM contacts WHERE email = 'compta@exemple.FR'"))
                .containsExactly("1");
        // PostgreSQL has no ALTER EXTENSION … OWNER: the extension belongs to the role that restores it…
        assertThat(postgres.query(TARGET, extensionOwner)).containsExactly(TestPostgres.ROLE);

        stores("erp_owner").copy("production", "test");

        // …unless the copy is restored as the configured owner.
        assertThat(postgres.query(TARGET, extensionOwner)).containsExactly("erp_owner");
    }

    @Test
    void anExtensionTheRoleCannotCreateStopsTheCopyBeforeAnyByteMovesForAPersonToDecide() throws Exception {
        // pgstattuple is not "trusted": only a superuser creates it, which Release Gate's role is not.
        postgres.executeAsSuperuser(SOURCE, "CREATE EXTENSION pgstattuple");
        DataStores stores = storesWithRecordedTools(null);
        Fingerprint targetBefore = stores.of("test").fingerprint();
        CopyProductionDataStep step = new CopyProductionDataStep(stores,
                new StepPlacement(true, StepPlacement.ALL_ENVIRONMENTS), environment -> {
                    throw new AssertionError("both environments are this node's");
                });

        assertThatThrownBy(() -> step.run(mock(ExternalTask.class)))
                // a rejection: the step raises its BPMN error to the release manager, never a retry
                .isInstanceOf(PermanentStoreFailureException.class)
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Base PostgreSQL de l'environnement « test » : la copie ou la"
                        + " restauration ne peut pas se faire, le rôle releasegate ne peut pas créer l'extension"
                        + " pgstattuple : seul un superutilisateur peut la créer (elle n'est pas « trusted ») ; ALTER"
                        + " ROLE releasegate SUPERUSER, ou faites les copies avec un rôle superutilisateur"
                        + " (data.username). Rien n'a été copié ni modifié.");
        assertThat(step.rejectionErrorCode()).isEqualTo(ReleasePolicy.Errors.COPY_REJECTED);

        assertThat(dir.resolve("ran")).as("neither pg_dump nor pg_restore ran").isEmptyDirectory();
        assertThat(postgres.databases()).filteredOn(name -> name.startsWith(SOURCE)).containsExactly(SOURCE, TARGET);
        assertThat(stores.of("test").fingerprint()).isEqualTo(targetBefore);
    }

    @Test
    void anOwnerTheRoleCannotActAsStopsTheCopyBeforeAnyByteMovesWithTheGrantToGive() throws Exception {
        postgres.executeAsSuperuser(SOURCE, "CREATE TABLE tarifs (id integer)", "ALTER TABLE tarifs OWNER TO erp_foreign",
                "GRANT SELECT ON tarifs TO " + TestPostgres.ROLE);
        DataStores stores = storesWithRecordedTools(null);

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(PermanentStoreFailureException.class)
                .hasMessageContaining("le rôle releasegate ne peut pas agir en tant que erp_foreign, propriétaire dans"
                        + " la copie : GRANT erp_foreign TO releasegate, ou indiquez un autre propriétaire (data.owner)")
                .hasMessageEndingWith("Rien n'a été copié ni modifié.");

        assertThat(dir.resolve("ran")).isEmptyDirectory();
    }

    @Test
    void aLargeObjectOwnedByARoleTheRoleCannotActAsStopsTheCopyBeforeAnyByteMoves() throws Exception {
        // A scanned document the ERP stored as a large object, which a DBA gave to another role.
        postgres.executeAsSuperuser(SOURCE, "DO $$ BEGIN EXECUTE format('ALTER LARGE OBJECT %s OWNER TO erp_foreign',"
                + " lo_from_bytea(0, convert_to('%PDF scan', 'UTF8'))); END $$");
        DataStores stores = storesWithRecordedTools(null);

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(PermanentStoreFailureException.class)
                .hasMessageContaining("le rôle releasegate ne peut pas agir en tant que erp_foreign, propriétaire dans"
                        + " la copie : GRANT erp_foreign TO releasegate");

        assertThat(dir.resolve("ran")).isEmptyDirectory();
    }

    @Test
    void sessionsOfAnotherRoleTheRoleCannotEndStopTheCopyBeforeAnyByteMovesThenPassOnceGranted() throws Exception {
        DataStores stores = storesWithRecordedTools(null);
        try (Connection application = DriverManager.getConnection(postgres.url(TARGET), "erp_app", APP_PASSWORD)) {
            assertThatThrownBy(() -> stores.copy("production", "test"))
                    .isInstanceOf(PermanentStoreFailureException.class)
                    .hasMessageContaining("le rôle releasegate ne peut pas fermer les sessions des autres rôles : GRANT"
                            + " pg_signal_backend TO releasegate (sessions ouvertes sur la base erp_test par erp_app)");
            assertThat(dir.resolve("ran")).isEmptyDirectory();
            assertThat(application.isValid(2)).isTrue();

            postgres.executeAsSuperuser("postgres", "GRANT pg_signal_backend TO " + TestPostgres.ROLE);
            stores.copy("production", "test");

            assertThat(application.isValid(2)).as("the ERP's session on the replaced database was ended").isFalse();
        }
    }

    @Test
    void stoppingADatabaseWithSessionsTheRoleCannotEndIsRefusedBeforeItIsClosed() throws Exception {
        DataStore production = stores(null).of("production");
        try (Connection application = DriverManager.getConnection(postgres.url(SOURCE), "erp_app", APP_PASSWORD)) {
            assertThatThrownBy(() -> production.quiesce(Duration.ofSeconds(1)))
                    .isInstanceOf(PermanentStoreFailureException.class)
                    .hasMessage("Base PostgreSQL de l'environnement « production » : le rôle releasegate ne"
                            + " peut pas fermer les sessions des autres rôles : GRANT pg_signal_backend TO releasegate"
                            + " (sessions ouvertes sur la base erp par erp_app). La base n'a pas été fermée.");

            assertThat(application.isValid(2)).isTrue();
            assertThat(postgres.query("postgres", "SELECT datallowconn FROM pg_database WHERE datname = '" + SOURCE
                    + "'")).containsExactly("t");
        }
    }

    private static DataStores stores(String owner) {
        return new TestStores()
                .with("production", settings(SOURCE, null, null))
                .with("test", settings(TARGET, null, owner))
                .build();
    }

    private static DataStoreSettings settings(String database, Path pgBin, String owner) {
        return new DataStoreSettings("postgresql", null, postgres.url(database), TestPostgres.ROLE,
                TestPostgres.PASSWORD, 2, pgBin, null, "postgres", owner, List.of(), List.of(), List.of());
    }

    /** Stores whose pg_dump and pg_restore leave a mark in {@code ran/} each time they run for real. */
    private DataStores storesWithRecordedTools(String owner) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ran = Files.createDirectories(dir.resolve("ran"));
        Path real = PgTools.locate(null).bin();
        for (String tool : List.of("pg_dump", "pg_restore")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = --version ] || touch '" + ran.resolve(tool) + "'\nexec '"
                    + real.resolve(tool) + "' \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new TestStores()
                .with("production", settings(SOURCE, bin, null))
                .with("test", settings(TARGET, bin, owner))
                .build();
    }

    /** "relation owner" of every table, index and sequence of schema public. */
    private static List<String> owners(String database) throws SQLException {
        return postgres.query(database, "SELECT relname || ' ' || pg_get_userbyid(relowner) FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace ORDER BY relname");
    }

    private static String databaseOwner(String database) throws SQLException {
        return postgres.query("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
                + database + "'").get(0);
    }
}
