package org.releasegate.data;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.releasegate.data.PostgresFingerprint.RowHash;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * The {@code postgresql} store: one database. A source is read with {@code pg_dump -Fd -j N} from a snapshot this
 * store exports and fingerprints in the same transaction, so the fingerprint describes exactly what was dumped
 * however busy the source is. A target is replaced by {@code pg_restore -j N} into a fresh staging database on its
 * server, verified table by table, then swapped by renaming both databases in one transaction after the sessions on
 * the target were ended; the old database is dropped only after the swap.
 * <p>
 * A restore keeps the source's owners and grants ({@code pg_restore} without {@code --no-owner}/{@code --no-acl}),
 * or gives the database and every object to the configured owner role ({@code --no-owner --role}). What the role
 * cannot do is found before anything moves ({@link PostgresPreflight}); a refusal that retrying cannot fix is a
 * {@link PermanentStoreFailureException} with its remedy, anything else a {@link DataStoreUnavailableException}.
 */
final class PostgresStore implements DataStore {

    static final String TYPE = "postgresql";

    private static final System.Logger LOG = System.getLogger(PostgresStore.class.getName());
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final long SESSION_END_WAIT_MILLIS = 15_000;
    /** SQLSTATE of "database … is not currently accepting connections". */
    private static final String CONNECTIONS_NOT_ALLOWED = "55000";
    /**
     * Starts the comment of a database that {@link #quiesce} closed, before its previous comment: it tells a quiesced
     * database from one a crashed swap left closed, and tells a DBA why it refuses connections.
     */
    static final String STOPPED_MARK = "[Stopped by Release Gate: connections refused until it starts the environment"
            + " again] ";

    private final String label;
    private final PostgresLocation location;
    private final String username;
    private final String password;
    private final int jobs;
    private final Supplier<PgTools> tools;
    private final Path workDir;
    private final String maintenanceDatabase;
    /** data.owner: the role given the restored database and its objects; null to keep the source's owners. */
    private final String owner;

    /** Where dumps are written on their way; null for the temporary folder. */
    Path workDir() {
        return workDir;
    }

    PostgresStore(String label, PostgresLocation location, String username, String password, int jobs,
                  Supplier<PgTools> tools, Path workDir, String maintenanceDatabase, String owner) {
        this.label = label;
        this.location = location;
        this.username = username;
        this.password = password;
        this.jobs = Math.max(1, jobs);
        this.tools = tools;
        this.workDir = workDir;
        this.maintenanceDatabase = maintenanceDatabase;
        this.owner = owner;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String location() {
        return location.describe() + " as '" + username + "'";
    }

    String database() {
        return location.database();
    }

    /** The server clones this database in the production window ({@link PostgresClones}). */
    @Override
    public Optional<ServerClones> serverClones() {
        return Optional.of(new PostgresClones(this));
    }

    /** Database {@code name} on this server, with the same credentials and settings: a clone of this one. */
    PostgresStore sibling(String name) {
        return new PostgresStore(label + " (clone " + name + ")", location.withDatabase(name), username, password,
                jobs, tools, workDir, maintenanceDatabase, owner);
    }

    String username() {
        return username;
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return fingerprint(RowHash.RECORD_AND_LARGE_OBJECTS);
    }

    @Override
    public Fingerprint fingerprintLike(Fingerprint reference) throws IOException {
        return fingerprint(RowHash.of(reference));
    }

    private Fingerprint fingerprint(RowHash rowHash) throws IOException {
        return withOwnSessions(() -> {
            try (Connection connection = connect(location)) {
                beginSnapshot(connection);
                Fingerprint fingerprint = PostgresFingerprint.of(connection, rowHash);
                connection.rollback();
                return fingerprint;
            } catch (SQLException e) {
                throw failure("cannot read the tables of " + location.describe(), e);
            }
        });
    }

    @Override
    public boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        return withOwnSessions(() -> {
            try (Connection connection = connect(location)) {
                beginSnapshot(connection);
                PostgresRowDigests.write(connection, tables, folder);
                connection.rollback();
                return true;
            } catch (SQLException e) {
                throw failure("cannot read the rows of " + location.describe(), e);
            }
        });
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        if (!(DelegatingScratchStore.unwrap(source) instanceof PostgresStore postgres)) {
            throw new IllegalArgumentException("cannot copy a " + source.type() + " store into a postgresql store");
        }
        if (postgres.location.hosts().equals(location.hosts()) && postgres.location.ports().equals(location.ports())
                && postgres.location.database().equals(location.database())) {
            throw new DataStoreConfigurationException(label + ": the copy source " + postgres.location.describe()
                    + " is this very database");
        }
        dropLeftovers();
        try (DumpFolder dump = DumpFolder.create(workDir, location.database())) {
            // What this server must allow is checked against the source before pg_dump reads a byte of it.
            Dumped dumped = postgres.withOwnSessions(() -> postgres.dumpTo(dump.path(),
                    needs -> checkRestorable(Optional.of(needs))));
            return restore(dump.path(), dumped.settings(), dumped.fingerprint(), false, postgres.location,
                    ownership(SourceRequirements.fromProperties(dumped.settings())));
        }
    }

    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        Snapshot.requireEmptyFolder(emptyFolder);
        Path dump = emptyFolder.resolve("dump");
        try {
            Dumped dumped = withOwnSessions(() -> dumpTo(dump, needs -> {
            }));
            FileTrees.fsyncRecursively(dump);
            Map<String, String> properties = new HashMap<>(dumped.settings());
            properties.put("pgDump", tools.get().dumpVersion());
            Snapshot snapshot = new Snapshot(Snapshot.FORMAT, TYPE, location(), Instant.now().toString(),
                    dumped.fingerprint(), properties);
            snapshot.writeTo(emptyFolder);
            FileTrees.fsyncDirectory(emptyFolder);
            return snapshot;
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(dump, e);
            throw e;
        }
    }

    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        Snapshot snapshot = Snapshot.require(snapshotFolder, TYPE);
        Path dump = snapshotFolder.resolve("dump");
        if (!Files.isRegularFile(dump.resolve("toc.dat"))) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"),
                    "snapshot " + snapshotFolder + " lacks its pg_dump folder dump/");
        }
        Ownership ownership = checkRestorable(SourceRequirements.fromProperties(snapshot.properties()));
        dropLeftovers();
        return restore(dump, snapshot.properties(), snapshot.fingerprint(), true, null, ownership);
    }

    @Override
    public void checkRestorable(Path snapshotFolder) throws IOException {
        checkRestorable(SourceRequirements.fromProperties(Snapshot.require(snapshotFolder, TYPE).properties()));
    }

    /** Who owns a restored database and its objects. */
    private record Ownership(String database, String objects) {

        /** pg_restore's options: the dumped owners and grants kept, or every object given to one role. */
        List<String> restoreOptions() {
            return objects == null ? List.of() : List.of("--no-owner", "--role=" + objects);
        }
    }

    /**
     * data.owner when set; else the source database's owner and the objects' own, or — for a snapshot taken before
     * Release Gate recorded owners — the restoring role for the database and the dumped owners for the objects.
     */
    private Ownership ownership(Optional<SourceRequirements> source) {
        if (owner != null) {
            return new Ownership(owner, owner);
        }
        return new Ownership(source.map(SourceRequirements::databaseOwner).orElse(null), null);
    }

    /**
     * Checks, before anything is dumped, created or replaced, that the role may do everything a restore of
     * {@code source} into this database needs; what it may not do stops the step with every remedy at once.
     *
     * @param source what the dump needs, empty when unknown (an older snapshot): then only what the settings tell
     */
    private Ownership checkRestorable(Optional<SourceRequirements> source) throws IOException {
        Set<String> problems = new LinkedHashSet<>();
        try (Connection maintenance = connectMaintenance()) {
            PostgresPreflight preflight = new PostgresPreflight(maintenance);
            problems.addAll(preflight.serverProblems(location.database(), owner));
            if (source.isPresent()) {
                problems.addAll(preflight.restoreProblems(source.get(), owner));
            }
            problems.addAll(preflight.sessionProblems(location.database()));
        } catch (SQLException e) {
            throw failure("cannot check what role '" + username + "' may do on " + location.describe(), e);
        }
        if (!problems.isEmpty()) {
            throw new PermanentStoreFailureException(Messages.text("data.postgresql.copy-impossible", where(),
                    String.join(" ; ", problems)));
        }
        return ownership(source);
    }

    /**
     * Marks the database stopped (its comment), refuses new sessions ({@code ALLOW_CONNECTIONS false}), ends the open
     * ones and checks that none remains. Run again on a quiesced database, it finds it closed and checks again.
     */
    @Override
    public String quiesce(Duration settle) throws IOException {
        String target = location.database();
        try (Connection maintenance = connectMaintenance()) {
            if (!exists(maintenance, target)) {
                throw new DataStoreUnavailableException(Messages.text("data.unavailable.missing-database", where(),
                        target), label + ": database '" + target + "' does not exist on " + location.describe(), null);
            }
            // Sessions the role could not end stop the step before the database is marked or closed.
            List<String> unendable = new PostgresPreflight(maintenance).sessionProblems(target);
            if (!unendable.isEmpty()) {
                throw new PermanentStoreFailureException(Messages.text("data.postgresql.sessions-left", where(),
                        String.join(" ; ", unendable)));
            }
            String comment = comment(maintenance, target);
            if (comment == null || !comment.startsWith(STOPPED_MARK)) {
                execute(maintenance, "COMMENT ON DATABASE " + quote(target) + " IS "
                        + literal(STOPPED_MARK + (comment == null ? "" : comment)));
            }
            execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS false");
            List<String> remaining = sessionsLeftAfterEnding(maintenance, target);
            if (!remaining.isEmpty()) {
                throw new StillInUseException(Messages.text("data.quiesce.postgresql-sessions", DataStores.environmentOf(label), remaining.size(), String.join(", ", new java.util.TreeSet<>(remaining))));
            }
        } catch (SQLException e) {
            throw failure("cannot close database '" + target + "' to new sessions", e);
        }
        return Messages.text("data.quiesce.postgresql-closed");
    }

    /** Lets sessions in again and gives the database its previous comment back. Idempotent. */
    @Override
    public void reopen() throws IOException {
        String target = location.database();
        try (Connection maintenance = connectMaintenance()) {
            if (!exists(maintenance, target)) {
                return;
            }
            execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS true");
            String comment = comment(maintenance, target);
            if (comment != null && comment.startsWith(STOPPED_MARK)) {
                String previous = comment.substring(STOPPED_MARK.length());
                execute(maintenance, "COMMENT ON DATABASE " + quote(target) + " IS "
                        + (previous.isEmpty() ? "NULL" : literal(previous)));
            }
        } catch (SQLException e) {
            throw failure("cannot open database '" + target + "' to sessions again", e);
        }
    }

    /** Work of Release Gate's own on the database: a dump or a fingerprint. */
    @FunctionalInterface
    private interface OwnWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work}, which connects to the database (pg_dump, fingerprints). A quiesced database refuses every
     * session, ours too: when the work is refused for that reason, the database is opened for the work's duration,
     * then closed again and any other session that came meanwhile is ended. The application is stopped then, so
     * nothing else is expected to connect.
     */
    private <T> T withOwnSessions(OwnWork<T> work) throws IOException {
        try {
            return work.run();
        } catch (DataStoreUnavailableException refused) {
            if (!(refused.getCause() instanceof SQLException sql) || !CONNECTIONS_NOT_ALLOWED.equals(sql.getSQLState())) {
                throw refused;
            }
            String target = location.database();
            try (Connection maintenance = connectMaintenance()) {
                if (!isStopped(maintenance, target)) {
                    throw refused;
                }
                execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS true");
                try {
                    return work.run();
                } finally {
                    execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS false");
                    endSessions(maintenance, target);
                }
            } catch (SQLException e) {
                throw failure("cannot open the stopped database '" + target + "' to Release Gate's own sessions", e);
            }
        }
    }

    private static String comment(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static boolean isStopped(Connection connection, String database) throws SQLException {
        String comment = comment(connection, database);
        return comment != null && comment.startsWith(STOPPED_MARK);
    }

    /**
     * A database named after {@code folder} (a step's scratch folder, named after its task): a re-delivery of the
     * task after a crash restores into the same name, which replaces the database the dead attempt left.
     */
    @Override
    public ScratchStore scratch(Path folder) throws IOException {
        MessageDigest digest = FolderDigest.newSha256();
        digest.update(folder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        String name = "rg_drill_" + FolderDigest.hex(digest.digest()).substring(0, 16);
        PostgresStore store = new PostgresStore(label + " (scratch " + name + ")", location.withDatabase(name),
                username, password, jobs, tools, workDir, maintenanceDatabase, owner);
        return new DelegatingScratchStore(store) {
            @Override
            public void close() throws IOException {
                store.dropLeftovers();
                try (Connection maintenance = store.connectMaintenance()) {
                    store.drop(maintenance, name);
                } catch (SQLException e) {
                    throw store.failure("cannot drop the scratch database " + name, e);
                }
            }
        };
    }

    @Override
    public String toString() {
        return "postgresql store " + location();
    }

    // --- dump -------------------------------------------------------------------------------------------------

    private record Dumped(Fingerprint fingerprint, Map<String, String> settings) {
    }

    /** Called with what the source needs from a server it is restored on, before pg_dump starts. */
    @FunctionalInterface
    private interface BeforeDump {
        void check(SourceRequirements source) throws IOException;
    }

    /**
     * Exports a snapshot in a repeatable-read transaction, fingerprints the tables in it while pg_dump dumps from the
     * same snapshot, and returns both once pg_dump is done. The settings returned carry the source's
     * {@link SourceRequirements}, which {@code beforeDump} checks first.
     */
    private Dumped dumpTo(Path folder, BeforeDump beforeDump) throws IOException {
        try (Connection connection = connect(location)) {
            requireToolsFor(connection);
            Map<String, String> settings = new HashMap<>(databaseSettings(connection));
            SourceRequirements requirements = SourceRequirements.read(connection);
            settings.putAll(requirements.toProperties());
            beforeDump.check(requirements);
            beginSnapshot(connection);
            String snapshotId;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_export_snapshot()")) {
                row.next();
                snapshotId = row.getString(1);
            }
            try (Statement statement = connection.createStatement()) {
                // pg_dump's workers keep the cores busy: a serial scan fits in what they leave, parallel ones compete.
                statement.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            List<String> command = List.of(tools.get().pgDump().toString(), "--format=directory",
                    "--jobs=" + jobs, "--compress=0", "--no-sync", "--snapshot=" + snapshotId, "--no-password",
                    "--file=" + folder, "--dbname=" + location.database());
            // No compression: the dump is either deleted once restored or packed by zstd into an archive. No sync:
            // a copy's dump is thrown away, a snapshot's is forced to disk by exportSnapshot once pg_dump is done.
            // The checksums and pg_dump read the same snapshot side by side: a copy costs little more than the dump.
            // pg_dump runs in this thread, so that an interrupted step stops it.
            ExecutorService checksums = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "release-gate-fingerprint-" + location.database());
                thread.setDaemon(true);
                return thread;
            });
            try {
                Future<Fingerprint> fingerprint = checksums.submit(() -> PostgresFingerprint.of(connection,
                        RowHash.RECORD_AND_LARGE_OBJECTS));
                try {
                    runTool(label + ": pg_dump of " + location.describe(), command,
                            location.libpqEnvironment(username, password));
                } catch (IOException | RuntimeException e) {
                    cancelRunningQuery(connection, e);
                    throw e;
                }
                Dumped dumped = new Dumped(await(fingerprint), settings);
                connection.rollback();
                return dumped;
            } finally {
                checksums.shutdownNow();
            }
        } catch (SQLException e) {
            throw failure("cannot dump " + location.describe(), e);
        }
    }

    /** Stops the checksum query of a dump that failed, rather than waiting for it to read every table. */
    private static void cancelRunningQuery(Connection connection, Exception failure) {
        try {
            connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException cancel) {
            failure.addSuppressed(cancel);
        }
    }

    private static Fingerprint await(Future<Fingerprint> fingerprint) throws SQLException, IOException {
        try {
            return fingerprint.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the tables were fingerprinted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("fingerprinting failed", e.getCause());
        }
    }

    /** Encoding and locale of the database, so that its copy sorts and compares text as it does. */
    private static Map<String, String> databaseSettings(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_encoding_to_char(encoding), datcollate, datctype,"
                     + " current_setting('server_version') FROM pg_database WHERE datname = current_database()")) {
            row.next();
            return Map.of("encoding", row.getString(1), "lcCollate", row.getString(2), "lcCtype", row.getString(3),
                    "serverVersion", row.getString(4));
        }
    }

    private void requireToolsFor(Connection connection) throws SQLException, DataStoreUnavailableException {
        int serverMajor = serverMajor(connection);
        PgTools pgTools;
        try {
            pgTools = tools.get();
        } catch (DataStoreConfigurationException e) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.tools", where()),
                    label + ": " + e.getMessage(), e);
        }
        if (pgTools.incompatibilityWith(serverMajor) != null) {
            throw new PermanentStoreFailureException(Messages.text("data.postgresql.pg-dump-too-old", where(),
                    pgTools.dumpVersion(), serverMajor), "pg_dump used: " + pgTools.pgDump(), null);
        }
    }

    /**
     * Runs pg_dump or pg_restore; a refusal that retrying cannot fix (a privilege, a role or an extension missing)
     * is told from one that may pass (a dropped connection, a full disk) by what the tool printed.
     */
    private void runTool(String what, List<String> command, Map<String, String> environment) throws IOException {
        try {
            ExternalCommand.run(what, command, environment, null);
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (PostgresFailures.isPermanent(e.getMessage())) {
                throw PostgresFailures.permanent(where(), e.getMessage(), username, location.database(), e);
            }
            throw e;
        }
    }

    static int serverMajor(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            row.next();
            return row.getInt(1);
        }
    }

    // --- restore ----------------------------------------------------------------------------------------------

    /**
     * Creates a staging database, restores the dump into it and checks it holds {@code expected}; on any failure the
     * staging database is dropped.
     */
    private StagedDatabase restore(Path dump, Map<String, String> settings, Fingerprint expected, boolean fromSnapshot,
                                   PostgresLocation source, Ownership ownership) throws IOException {
        String staging = location.database() + "_rgs_" + FileTrees.randomSuffix();
        PostgresLocation stagingLocation = location.withDatabase(staging);
        try (Connection maintenance = connectMaintenance()) {
            requireToolsFor(maintenance);
            createDatabase(maintenance, staging, settings, ownership.database());
        } catch (SQLException e) {
            throw failure("cannot create the staging database " + staging, e);
        }
        try {
            List<String> command = new ArrayList<>(List.of(tools.get().pgRestore().toString(), "--format=directory",
                    "--jobs=" + jobs, "--exit-on-error", "--no-password", "--dbname=" + staging));
            command.addAll(ownership.restoreOptions());
            command.add(dump.toString());
            runTool(label + ": pg_restore into " + stagingLocation.describe(), command,
                    stagingLocation.libpqEnvironment(username, password));
            Fingerprint restored;
            try (Connection connection = connect(stagingLocation)) {
                beginSnapshot(connection);
                restored = PostgresFingerprint.of(connection, RowHash.of(expected));
                connection.rollback();
            }
            if (!restored.sameContentAs(expected)) {
                String changes = String.valueOf(restored.changesSince(expected));
                throw fromSnapshot
                        ? new SnapshotRejectedException(Messages.text("data.snapshot.differs"),
                                "the snapshot does not restore what it describes: " + changes)
                        : new DataCopyVerificationException(Messages.text("data.copy.staged-differs"),
                                "the staged copy of " + source.describe() + " differs from its source: " + changes);
            }
            return new StagedDatabase(stagingLocation, restored);
        } catch (SQLException e) {
            DataStoreUnavailableException failure = failure("cannot read the staging database " + staging, e);
            dropAfterFailure(staging, failure);
            throw failure;
        } catch (IOException | RuntimeException e) {
            dropAfterFailure(staging, e);
            throw e;
        }
    }

    /** @param owner null for the role itself */
    private void createDatabase(Connection maintenance, String name, Map<String, String> settings, String owner)
            throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(quote(name)).append(" TEMPLATE template0");
        if (owner != null) {
            sql.append(" OWNER ").append(quote(owner));
        }
        if (settings.containsKey("encoding")) {
            sql.append(" ENCODING ").append(literal(settings.get("encoding")));
        }
        if (settings.containsKey("lcCollate")) {
            sql.append(" LC_COLLATE ").append(literal(settings.get("lcCollate")));
        }
        if (settings.containsKey("lcCtype")) {
            sql.append(" LC_CTYPE ").append(literal(settings.get("lcCtype")));
        }
        try (Statement statement = maintenance.createStatement()) {
            statement.execute(sql.toString());
        }
    }

    private void dropAfterFailure(String database, Exception failure) {
        try (Connection maintenance = connectMaintenance()) {
            drop(maintenance, database);
        } catch (SQLException | IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    // --- swap -------------------------------------------------------------------------------------------------

    /** A restored, verified database waiting beside the target, under a staging name. */
    private final class StagedDatabase implements StagedData {

        private final PostgresLocation staging;
        private final Fingerprint fingerprint;
        private boolean pending = true;

        StagedDatabase(PostgresLocation staging, Fingerprint fingerprint) {
            this.staging = staging;
            this.fingerprint = fingerprint;
        }

        @Override
        public Fingerprint fingerprint() {
            return fingerprint;
        }

        @Override
        public Map<String, String> scriptEnvironment() {
            Map<String, String> environment = staging.libpqEnvironment(username, password);
            environment.put("RELEASEGATE_DATA_TYPE", TYPE);
            environment.put("RELEASEGATE_JDBC_URL", staging.jdbcUrl());
            return environment;
        }

        @Override
        public Connection openConnection() throws SQLException {
            return DriverManager.getConnection(staging.jdbcUrl(),
                    staging.driverProperties(username, password, CONNECT_TIMEOUT_SECONDS));
        }

        @Override
        public void publish() throws IOException {
            if (!pending) {
                throw new IllegalStateException("staging database " + staging.database() + " was already published"
                        + " or discarded");
            }
            swap(staging.database());
            pending = false;
        }

        @Override
        public void close() throws IOException {
            if (pending) {
                pending = false;
                try (Connection maintenance = connectMaintenance()) {
                    drop(maintenance, staging.database());
                } catch (SQLException e) {
                    throw failure("cannot drop the staging database " + staging.database(), e);
                }
            }
        }
    }

    /**
     * Closes the target to new sessions, ends the open ones, renames target → previous and staging → target in one
     * transaction, then drops the previous database. Until the commit the target is untouched (and reopened on
     * failure).
     */
    void swap(String staging) throws IOException {
        String target = location.database();
        String previous = target + "_rgp_" + FileTrees.randomSuffix();
        try (Connection maintenance = connectMaintenance()) {
            boolean targetExists = exists(maintenance, target);
            // A quiesced target stays quiesced: the database put in its place is closed and marked as it was.
            String stoppedComment = targetExists && isStopped(maintenance, target) ? comment(maintenance, target) : null;
            try {
                if (targetExists) {
                    execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS false");
                    endSessions(maintenance, target);
                }
                maintenance.setAutoCommit(false);
                if (targetExists) {
                    execute(maintenance, "ALTER DATABASE " + quote(target) + " RENAME TO " + quote(previous));
                }
                execute(maintenance, "ALTER DATABASE " + quote(staging) + " RENAME TO " + quote(target));
                if (stoppedComment != null) {
                    execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS false");
                    execute(maintenance, "COMMENT ON DATABASE " + quote(target) + " IS " + literal(stoppedComment));
                }
                maintenance.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                reopenAfterFailedSwap(maintenance, targetExists && stoppedComment == null ? target : null, e);
                throw e;
            }
            maintenance.setAutoCommit(true);
            if (targetExists) {
                try {
                    drop(maintenance, previous);
                } catch (SQLException e) {
                    // The new database is in place; the next copy to this target drops the leftover.
                    LOG.log(Level.WARNING, label + ": could not drop the replaced database " + previous + ": "
                            + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw failure("cannot swap the staging database " + staging + " in place of " + target, e);
        }
    }

    /** Rolls back the renames and lets sessions into the untouched target again. */
    private static void reopenAfterFailedSwap(Connection maintenance, String target, Exception failure) {
        try {
            if (!maintenance.getAutoCommit()) {
                maintenance.rollback();
                maintenance.setAutoCommit(true);
            }
            if (target != null) {
                execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS true");
            }
        } catch (SQLException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private void endSessions(Connection maintenance, String database) throws SQLException, IOException {
        List<String> remaining = sessionsLeftAfterEnding(maintenance, database);
        if (!remaining.isEmpty()) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.sessions", where(),
                    remaining.size(), username), label + ": database '" + database + "' still has " + remaining.size()
                    + " session(s) of " + remaining + " that could not be ended (the role '" + username
                    + "' may end only its own sessions unless granted pg_signal_backend)", null);
        }
    }

    /** Ends every other session on {@code database}; the users of those still there after a while, if any. */
    private List<String> sessionsLeftAfterEnding(Connection maintenance, String database) throws SQLException, IOException {
        // Sessions have a user; the server's own processes, such as an autovacuum worker, have none. Only a superuser
        // may end those, they write no data, and PostgreSQL ends them itself before a CREATE, RENAME or DROP DATABASE.
        String others = " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() AND usesysid IS NOT NULL";
        long deadline = System.currentTimeMillis() + SESSION_END_WAIT_MILLIS;
        while (true) {
            try (PreparedStatement terminate = maintenance.prepareStatement("SELECT pg_terminate_backend(pid)" + others)) {
                terminate.setString(1, database);
                terminate.executeQuery().close();
            }
            List<String> remaining = new ArrayList<>();
            try (PreparedStatement count = maintenance.prepareStatement("SELECT usename" + others)) {
                count.setString(1, database);
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        remaining.add(rows.getString(1));
                    }
                }
            }
            if (remaining.isEmpty() || System.currentTimeMillis() > deadline) {
                return remaining;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while ending the sessions on " + database);
            }
        }
    }

    /**
     * Drops the staging and previous databases of dead attempts on this target, and reopens the target if an attempt
     * died after closing it.
     */
    void dropLeftovers() throws IOException {
        String target = location.database();
        Pattern leftover = Pattern.compile(Pattern.quote(target) + "_rg[sp]_[0-9a-f]{16}");
        try (Connection maintenance = connectMaintenance()) {
            List<String> dead = new ArrayList<>();
            boolean targetClosed = false;
            try (Statement statement = maintenance.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT datname, datallowconn,"
                         + " shobj_description(oid, 'pg_database') FROM pg_database")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    if (leftover.matcher(name).matches()) {
                        dead.add(name);
                    } else if (name.equals(target)) {
                        // Closed by a swap that died, not quiesced on purpose (that one stays closed).
                        String comment = rows.getString(3);
                        targetClosed = !rows.getBoolean(2) && (comment == null || !comment.startsWith(STOPPED_MARK));
                    }
                }
            }
            for (String name : dead) {
                drop(maintenance, name);
            }
            if (targetClosed && !dead.isEmpty()) {
                execute(maintenance, "ALTER DATABASE " + quote(target) + " ALLOW_CONNECTIONS true");
            }
        } catch (SQLException e) {
            throw failure("cannot clean up the leftovers of earlier attempts", e);
        }
    }

    // --- SQL helpers ------------------------------------------------------------------------------------------

    void drop(Connection maintenance, String database) throws SQLException {
        if (!exists(maintenance, database)) {
            return;
        }
        // FORCE ends sessions a crashed attempt may have left (PostgreSQL 13 and later).
        String force = serverMajor(maintenance) >= 13 ? " WITH (FORCE)" : "";
        execute(maintenance, "DROP DATABASE IF EXISTS " + quote(database) + force);
    }

    static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A read-only repeatable-read transaction: every table is read from one snapshot. */
    private static void beginSnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
    }

    private Connection connect(PostgresLocation database) throws IOException {
        try {
            return DriverManager.getConnection(database.jdbcUrl(),
                    database.driverProperties(username, password, CONNECT_TIMEOUT_SECONDS));
        } catch (SQLException e) {
            if (PostgresFailures.isPermanent(e)) {
                throw PostgresFailures.permanent(where(), e.getMessage(), username, database.database(), e);
            }
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.postgresql-connect", where()),
                    label + ": cannot connect to PostgreSQL database " + database.describe() + " as user '" + username
                    + "': " + e.getMessage(), e);
        }
    }

    Connection connectMaintenance() throws IOException {
        return connect(location.withDatabase(maintenanceDatabase));
    }

    /**
     * The failure to throw for {@code e}: retried, unless retrying cannot fix it.
     *
     * @throws PermanentStoreFailureException itself when retrying cannot fix it (a privilege, role or extension
     *                                        missing), with the remedy
     */
    DataStoreUnavailableException failure(String what, SQLException e) {
        if (PostgresFailures.isPermanent(e)) {
            throw PostgresFailures.permanent(where(), e.getMessage(), username, location.database(), e);
        }
        return new DataStoreUnavailableException(Messages.text("data.unavailable.postgresql", where()),
                label + ": " + what + ": " + e.getMessage(), e);
    }

    /**
     * The database in French messages: by its environment and its kind, never by its server, port or name, which
     * operations find in the settings and the server's log.
     */
    String where() {
        return Messages.text("data.postgresql.where", DataStores.environmentOf(label));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
