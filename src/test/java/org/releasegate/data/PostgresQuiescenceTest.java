package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiescence of the postgresql store on a real server: sessions ended, new ones refused until reopened. */
class PostgresQuiescenceTest {

    private static final String DATABASE = "gestan_quiet";

    static TestPostgres postgres;

    @TempDir
    Path dir;
    private DataStore store;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        postgres.recreateDatabase(DATABASE, "CREATE TABLE clients (id integer PRIMARY KEY, nom text)",
                "INSERT INTO clients SELECT i, 'Client ' || i FROM generate_series(1, 100) i");
        postgres.executeAsSuperuser("postgres", "COMMENT ON DATABASE " + DATABASE + " IS 'ERP Gestan'");
        store = new TestStores().with("production", postgres.storeSettings(DATABASE)).build().of("production");
    }

    @Test
    void quiescingEndsOpenSessionsAndRefusesNewOnesUntilReopened() throws Exception {
        try (Connection application = postgres.connect(DATABASE)) {
            String observed = store.quiesce(Duration.ofSeconds(2));

            assertThat(observed).isEqualTo("connexions à la base refusées, plus aucune session ouverte");
            assertThat(application.isValid(2)).as("the application's session was ended").isFalse();
        }
        assertThatThrownBy(() -> postgres.connect(DATABASE).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("not currently accepting connections");
        assertThat(sessionsOn(DATABASE)).isZero();

        store.reopen();

        try (Connection again = postgres.connect(DATABASE)) {
            assertThat(again.isValid(2)).isTrue();
        }
        assertThat(postgres.query("postgres", "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = '" + DATABASE + "'")).as("its own comment is given back").containsExactly("ERP Gestan");
    }

    @Test
    void quiescingAndReopeningAgainAfterACrashGoOn() throws Exception {
        store.quiesce(Duration.ZERO);
        store.quiesce(Duration.ZERO);

        assertThat(allowsConnections()).isFalse();
        assertThat(postgres.query("postgres", "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = '" + DATABASE + "'")).singleElement().asString()
                .isEqualTo(PostgresStore.STOPPED_MARK + "ERP Gestan");

        store.reopen();
        store.reopen();

        assertThat(allowsConnections()).isTrue();
        assertThat(postgres.query(DATABASE, "SELECT count(*) FROM clients")).containsExactly("100");
    }

    @Test
    void releaseGateStillArchivesAndRestoresAQuiescedDatabaseWhichStaysClosed() throws Exception {
        store.quiesce(Duration.ZERO);
        Fingerprint before = store.fingerprint();

        Snapshot snapshot = store.exportSnapshot(dir.resolve("snapshot"));
        assertThat(allowsConnections()).as("closed again after the dump").isFalse();
        store.restoreSnapshot(dir.resolve("snapshot"));

        assertThat(snapshot.fingerprint().sameContentAs(before)).isTrue();
        assertThat(allowsConnections()).as("the restored database is closed as the one it replaced").isFalse();
        assertThatThrownBy(() -> postgres.connect(DATABASE).close()).isInstanceOf(SQLException.class);
        assertThat(store.fingerprint().sameContentAs(before)).isTrue();

        store.reopen();
        assertThat(postgres.query(DATABASE, "SELECT count(*) FROM clients")).containsExactly("100");
    }

    @Test
    void anAutovacuumWorkerOnTheDatabaseIsLeftToPostgresql() throws Exception {
        // A table whose vacuum crawls, and a server that looks for work every second: a worker stays on the database.
        postgres.execute(DATABASE, "CREATE TABLE brouillons (id integer, texte text) WITH (autovacuum_vacuum_threshold = 0,"
                        + " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100,"
                        + " autovacuum_vacuum_cost_limit = 1)",
                "INSERT INTO brouillons SELECT i, repeat('x', 100) FROM generate_series(1, 50000) i",
                "DELETE FROM brouillons");
        postgres.executeAsSuperuser("postgres", "ALTER SYSTEM SET autovacuum_naptime = 1", "SELECT pg_reload_conf()");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> autovacuumWorkersOn(DATABASE) > 0);

            assertThat(store.quiesce(Duration.ZERO))
                    .as("the worker runs as the bootstrap superuser, which the role may not end, and writes no data")
                    .isEqualTo("connexions à la base refusées, plus aucune session ouverte");
            assertThat(allowsConnections()).isFalse();
            store.reopen();
        } finally {
            postgres.executeAsSuperuser("postgres", "ALTER SYSTEM RESET autovacuum_naptime", "SELECT pg_reload_conf()");
        }
    }

    private boolean allowsConnections() throws SQLException {
        return Boolean.parseBoolean(postgres.query("postgres", "SELECT datallowconn FROM pg_database WHERE datname = '"
                + DATABASE + "'").get(0).replace("t", "true").replace("f", "false"));
    }

    /** Seen as a superuser: to the store's role, a worker is a row with no user and no type. */
    private static long autovacuumWorkersOn(String database) throws SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.url("postgres"), "postgres", "");
             Statement statement = superuser.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                     + database + "' AND backend_type = 'autovacuum worker'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long sessionsOn(String database) throws SQLException {
        return Long.parseLong(postgres.query("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                + database + "'").get(0));
    }
}
