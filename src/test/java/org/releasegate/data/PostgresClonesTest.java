package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side clone of a stopped PostgreSQL production on a real server: what it holds and who owns it, a crashed
 * attempt's clone kept only when it checks out, never two clones, the role's privileges told before anything is
 * created, and the rename that puts it back.
 */
class PostgresClonesTest {

    private static final String DATABASE = "gestan_clone";

    static TestPostgres postgres;

    private DataStore store;
    private ServerClones clones;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
        postgres.createRolesIfMissing("erp_stranger", "erp_clone_owner");
        postgres.executeAsSuperuser("postgres", "GRANT erp_clone_owner TO " + TestPostgres.ROLE);
    }

    @BeforeEach
    void stoppedProduction() throws Exception {
        postgres.dropDatabasesStartingWith(DATABASE);
        postgres.executeAsSuperuser("postgres", "CREATE DATABASE " + DATABASE + " OWNER erp_clone_owner");
        postgres.executeAsSuperuser(DATABASE, "CREATE TABLE clients (id integer PRIMARY KEY, nom text)",
                "INSERT INTO clients SELECT i, 'Client ' || i FROM generate_series(1, 500) i",
                "ALTER TABLE clients OWNER TO erp_clone_owner",
                "DO $$ DECLARE o oid; BEGIN o := lo_from_bytea(0, 'devis 1043'::bytea);"
                        + " EXECUTE format('ALTER LARGE OBJECT %s OWNER TO erp_clone_owner', o); END $$");
        store = new TestStores().with("production", postgres.storeSettings(DATABASE)).build().of("production");
        clones = store.serverClones().orElseThrow();
        store.quiesce(Duration.ZERO);
    }

    @Test
    void theCloneHoldsWhatTheStoppedDatabaseHoldsUnderItsOwnerAndProductionStaysClosed() throws Exception {
        Fingerprint production = store.fingerprint();
        String name = clones.nameFor("release-1");

        ServerClones.Cloned cloned = clones.cloneStopped(name, "test");

        assertThat(cloned.reused()).isFalse();
        assertThat(cloned.fingerprint().sameContentAs(production)).isTrue();
        assertThat(cloned.fingerprint().parts()).extracting(Fingerprint.Part::name)
                .contains("public.clients", Fingerprint.LARGE_OBJECTS);
        assertThat(postgres.query("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + name
                + "'")).as("a rollback renames it into place as it was").containsExactly("erp_clone_owner");
        assertThat(postgres.query(name, "SELECT count(*) FROM clients")).containsExactly("500");
        assertThat(postgres.query("postgres", "SELECT datallowconn FROM pg_database WHERE datname = '" + DATABASE + "'"))
                .as("production is still closed to its users").containsExactly("f");
        assertThat(clones.store(name).fingerprint().sameContentAs(production)).isTrue();
    }

    @Test
    void theWindowScansTheStoppedDatabaseOnceAndLeavesTheClonesProofToItsFirstUse() throws Exception {
        String name = clones.nameFor("release-1");

        ServerClones.Cloned cloned = clones.cloneStopped(name, "test");

        assertThat(cloned.cloneRead()).isFalse();
        assertThat(cloned.fingerprint().sameContentAs(store.fingerprint())).isTrue();
        // The statistics collector hears of rows read when a session ends: production's, read whole, are the proof
        // that it heard (production is closed: its counts are read from another database).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rowsRead(DATABASE) < 500 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(rowsRead(DATABASE)).as("the stopped database was read whole").isGreaterThanOrEqualTo(500);
        assertThat(rowsRead(name)).as("the clone was not read in the window: its export, or a rollback, proves it")
                .isLessThan(500);
        assertThat(clones.store(name).fingerprint().sha256()).isEqualTo(cloned.fingerprint().sha256());
    }

    /** The rows the statistics collector counted as returned in that database. */
    private static long rowsRead(String database) throws Exception {
        postgres.query("postgres", "SELECT pg_stat_clear_snapshot()");
        return Long.parseLong(postgres.query("postgres", "SELECT coalesce(tup_returned, 0) FROM pg_stat_database"
                + " WHERE datname = '" + database + "'").get(0));
    }

    @Test
    void aCrashedAttemptsCloneIsKeptWhenItChecksOutAndTakenAgainOtherwise() throws Exception {
        String name = clones.nameFor("release-1");
        clones.cloneStopped(name, "test");

        assertThat(clones.cloneStopped(name, "test").reused()).as("the same rows: kept").isTrue();

        // someone wrote into the clone meanwhile: it no longer is production's copy
        postgres.executeAsSuperuser(name, "UPDATE clients SET nom = 'Modifié' WHERE id = 7");
        ServerClones.Cloned again = clones.cloneStopped(name, "test");

        assertThat(again.reused()).isFalse();
        assertThat(again.fingerprint().sameContentAs(store.fingerprint())).isTrue();
        assertThat(postgres.query(name, "SELECT nom FROM clients WHERE id = 7")).containsExactly("Client 7");
    }

    @Test
    void anotherReleasesCloneIsDroppedSoThatThereAreNeverTwo() throws Exception {
        String earlier = clones.nameFor("release-0");
        clones.cloneStopped(earlier, "test");

        String name = clones.nameFor("release-1");
        clones.cloneStopped(name, "test");

        assertThat(postgres.databases()).filteredOn(database -> database.startsWith(DATABASE + "_rgc_"))
                .containsExactly(name);
        assertThat(clones.exists(earlier)).isFalse();
    }

    @Test
    void theNameFitsPostgresLimitForTheLongestDatabaseName() {
        String longest = "a".repeat(42);
        DataStore longNamed = new TestStores().with("production", postgres.storeSettings(longest)).build().of("production");

        String name = longNamed.serverClones().orElseThrow().nameFor("0f8fad5b-d9cb-469f-a165-70867728950e");

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(longest + "_rgc_[0-9a-f]{16}");
        assertThat(clones.nameFor("release-1")).isEqualTo(clones.nameFor("release-1"))
                .isNotEqualTo(clones.nameFor("release-2"));
    }

    @Test
    void aRoleThatMayNotCloneTheDatabaseIsToldTheRemedyBeforeAnythingIsCreated() throws Exception {
        // the database given to another role after the stop, by a DBA
        postgres.executeAsSuperuser("postgres", "ALTER DATABASE " + DATABASE + " OWNER TO erp_stranger");

        assertThatThrownBy(() -> clones.cloneStopped(clones.nameFor("release-1"), "test"))
                .isInstanceOf(PermanentStoreFailureException.class)
                .hasMessageContaining("le clonage dans le serveur ne peut pas se faire")
                .hasMessageContaining("qui appartient à erp_stranger")
                .hasMessageContaining("GRANT erp_stranger TO " + TestPostgres.ROLE)
                .hasMessageContaining("Rien n'a été cloné ni modifié.");
        assertThat(postgres.databases()).noneMatch(database -> database.startsWith(DATABASE + "_rgc_"));
    }

    @Test
    void aRoleWithoutCreatedbIsToldTheRemedyBeforeAnythingIsCreated() throws Exception {
        postgres.executeAsSuperuser("postgres", "ALTER ROLE " + TestPostgres.ROLE + " NOCREATEDB");
        try {
            assertThatThrownBy(() -> clones.cloneStopped(clones.nameFor("release-1"), "test"))
                    .isInstanceOf(PermanentStoreFailureException.class)
                    .hasMessageContaining("ne peut pas créer de base (le clone en est une) : ALTER ROLE "
                            + TestPostgres.ROLE + " CREATEDB");
        } finally {
            postgres.executeAsSuperuser("postgres", "ALTER ROLE " + TestPostgres.ROLE + " CREATEDB");
        }
        assertThat(postgres.databases()).noneMatch(database -> database.startsWith(DATABASE + "_rgc_"));
    }

    @Test
    void swappingTheCloneInPutsTheStoppedDatabaseBackAsItWasAndKeepsItClosed() throws Exception {
        Fingerprint before = store.fingerprint();
        String name = clones.nameFor("release-1");
        clones.cloneStopped(name, "test");
        // the new version's migration, then its start and check, production not yet reopened to users
        store.reopen();
        postgres.executeAsSuperuser(DATABASE, "ALTER TABLE clients ADD COLUMN pays text",
                "INSERT INTO clients SELECT i, 'Nouveau', 'FR' FROM generate_series(501, 505) i");
        store.quiesce(Duration.ZERO);

        clones.swapIn(name);

        assertThat(store.fingerprint().sameContentAs(before)).isTrue();
        assertThat(clones.exists(name)).isFalse();
        assertThat(postgres.query("postgres", "SELECT datallowconn::text || ' ' || pg_get_userbyid(datdba)"
                + " FROM pg_database WHERE datname = '" + DATABASE + "'")).containsExactly("false erp_clone_owner");
        store.reopen();
        assertThat(postgres.query(DATABASE, "SELECT count(*) FROM clients")).containsExactly("500");
    }
}
