package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * {@link ServerClones} of a PostgreSQL database: {@code CREATE DATABASE <database>_rgc_<digest> TEMPLATE <database>
 * OWNER <its owner>}. PostgreSQL copies the template's files, which needs no session on it: the stop has ended them
 * all and refuses new ones. The clone keeps the database's owner (a rollback renames it into place as it was);
 * database-level settings ({@code ALTER DATABASE … SET}) are not copied by PostgreSQL, as a restore of a dump does not
 * restore them either.
 */
final class PostgresClones implements ServerClones {

    /** Kept apart from the copies' staging marks ({@code _rgs_}, {@code _rgp_}), which a copy drops as leftovers. */
    private static final String MARK = "_rgc_";

    private final PostgresStore store;

    PostgresClones(PostgresStore store) {
        this.store = store;
    }

    /** 63 characters at most: a database name of 42 at most, the mark, 16 hex digits. */
    @Override
    public String nameFor(String releaseId) {
        java.security.MessageDigest digest = FolderDigest.newSha256();
        digest.update(releaseId.getBytes(StandardCharsets.UTF_8));
        return store.database() + MARK + FolderDigest.hex(digest.digest()).substring(0, 16);
    }

    @Override
    public Cloned cloneStopped(String name, String purpose) throws IOException {
        String database = store.database();
        if (!name.startsWith(database + MARK)) {
            throw new IllegalArgumentException("not a clone name of " + database + ": " + name);
        }
        try (Connection maintenance = store.connectMaintenance()) {
            List<String> problems = new PostgresPreflight(maintenance).cloneProblems(database);
            if (!problems.isEmpty()) {
                throw new PermanentStoreFailureException(Messages.text("data.postgresql.clone-impossible",
                        store.where(), String.join(" ; ", problems)));
            }
            // Never two clones: an earlier release's (or another name's) is dropped before this one is taken.
            for (String other : clonesOf(maintenance, database)) {
                if (!other.equals(name)) {
                    store.drop(maintenance, other);
                }
            }
            if (PostgresStore.exists(maintenance, name)) {
                // A crashed attempt's clone: kept only if it holds exactly what the stopped database holds.
                long start = System.nanoTime();
                Checked checked = checkBoth(name);
                if (checked.same()) {
                    return new Cloned(name, checked.cloned(), true, Duration.ZERO,
                            Duration.ofNanos(System.nanoTime() - start), true);
                }
                store.drop(maintenance, name);
            }
            long start = System.nanoTime();
            String owner = owner(maintenance, database);
            // From PostgreSQL 15 the default strategy copies block by block through the WAL: a whole database's worth
            // of WAL (and of replication traffic) in the window. FILE_COPY copies the files, as every earlier version.
            String strategy = PostgresStore.serverMajor(maintenance) >= 15 ? " STRATEGY FILE_COPY" : "";
            PostgresStore.execute(maintenance, "CREATE DATABASE " + PostgresStore.quote(name) + " TEMPLATE "
                    + PostgresStore.quote(database) + (owner == null ? "" : " OWNER " + PostgresStore.quote(owner))
                    + strategy);
            PostgresStore.execute(maintenance, "COMMENT ON DATABASE " + PostgresStore.quote(name) + " IS "
                    + PostgresStore.literal("Release Gate : clone de " + database + " — " + purpose));
            Duration cloning = Duration.ofNanos(System.nanoTime() - start);
            // One scan in the window, of the stopped database: the clone, a copy of its files made by the server under
            // a lock no session could share, is proved against these checksums after the reopening, before anything
            // relies on it (its export, a rollback that would put it back), and cannot change meanwhile unless
            // someone connects to it, which that proof would find.
            start = System.nanoTime();
            Fingerprint stopped = store.fingerprint();
            Duration checking = Duration.ofNanos(System.nanoTime() - start);
            return new Cloned(name, stopped, false, cloning, checking, false);
        } catch (SQLException e) {
            throw store.failure("cannot clone " + database + " into " + name, e);
        }
    }

    private record Checked(Fingerprint production, Fingerprint cloned) {
        boolean same() {
            return cloned.sameContentAs(production);
        }
    }

    /** The row checksums of the stopped database and of the clone, side by side: two scans on two cores. */
    private Checked checkBoth(String name) throws IOException {
        PostgresStore clone = store.sibling(name);
        CompletableFuture<Fingerprint> cloneRows = CompletableFuture.supplyAsync(() -> {
            try {
                return clone.fingerprint();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Fingerprint production;
        try {
            production = store.fingerprint();
        } catch (IOException | RuntimeException e) {
            cloneRows.cancel(true);
            throw e;
        }
        try {
            return new Checked(production, cloneRows.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the clone " + name + " was checked");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IllegalStateException("the clone " + name + " could not be checked", e.getCause());
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try (Connection maintenance = store.connectMaintenance()) {
            return PostgresStore.exists(maintenance, name);
        } catch (SQLException e) {
            throw store.failure("cannot look for the clone " + name, e);
        }
    }

    @Override
    public DataStore store(String name) {
        return store.sibling(name);
    }

    @Override
    public void swapIn(String name) throws IOException {
        store.swap(name);
    }

    @Override
    public void drop(String name) throws IOException {
        try (Connection maintenance = store.connectMaintenance()) {
            store.drop(maintenance, name);
        } catch (SQLException e) {
            throw store.failure("cannot drop the clone " + name, e);
        }
    }

    private static List<String> clonesOf(Connection maintenance, String database) throws SQLException {
        Pattern clone = Pattern.compile(Pattern.quote(database + MARK) + "[0-9a-f]{16}");
        List<String> found = new ArrayList<>();
        try (Statement statement = maintenance.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                if (clone.matcher(rows.getString(1)).matches()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static String owner(Connection maintenance, String database) throws SQLException {
        try (PreparedStatement statement = maintenance.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
