package org.releasegate.data;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.releasegate.message.Messages;

/**
 * What the role Release Gate connects as must be allowed to do on a PostgreSQL server, read from the catalogs before
 * a copy or restore starts, so that a missing privilege stops the step before the first byte moves instead of in the
 * middle of a restore. Each problem is a French sentence naming the GRANT or setting that fixes it; the same
 * sentences word the server's refusals that slip through ({@link PostgresFailures}).
 * <p>
 * Start-up checks what the settings alone tell ({@link #serverProblems}); a copy or restore adds what depends on its
 * source ({@link #restoreProblems}) and on who is connected to the target ({@link #sessionProblems}).
 */
final class PostgresPreflight {

    private final Connection connection;
    private final String role;
    private final int serverMajor;
    private final boolean superuser;

    /** @param connection to the server concerned, as the role Release Gate connects as */
    PostgresPreflight(Connection connection) throws SQLException {
        this.connection = connection;
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_user, rolsuper,"
                + " current_setting('server_version_num')::int / 10000 FROM pg_roles WHERE rolname = current_user");
             ResultSet row = statement.executeQuery()) {
            row.next();
            this.role = row.getString(1);
            this.superuser = row.getBoolean(2);
            this.serverMajor = row.getInt(3);
        }
    }

    /**
     * What the role needs for every copy or restore into {@code database}: create databases, rename and drop the
     * database it replaces, and give the copy to {@code configuredOwner} (data.owner) when one is set.
     */
    List<String> serverProblems(String database, String configuredOwner) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (!superuser && !bool("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
            problems.add(cannotCreateDatabases(role));
        }
        String currentOwner = string("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", database);
        if (currentOwner != null && !canActAs(currentOwner)) {
            problems.add(Messages.text("data.postgresql.preflight.replace-owner", role, database, currentOwner));
        }
        if (configuredOwner != null) {
            if (!exists(configuredOwner)) {
                problems.add(Messages.text("data.postgresql.preflight.owner-missing", configuredOwner));
            } else if (!canActAs(configuredOwner)) {
                problems.add(Messages.text("data.postgresql.preflight.cannot-give", role, configuredOwner));
            }
        }
        return problems;
    }

    /**
     * What the role needs to clone {@code database} on its server in the production window ({@code CREATE DATABASE
     * clone TEMPLATE database OWNER its owner}): create databases, and be the template's owner or able to act as it
     * (PostgreSQL lets only the owner of a database that is not a template copy it; the clone keeps that owner, so that
     * a rollback renames it into place as it was).
     */
    List<String> cloneProblems(String database) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (!superuser && !bool("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
            problems.add(Messages.text("data.postgresql.preflight.clone-createdb", role));
        }
        String owner = string("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", database);
        if (owner != null && !canActAs(owner)) {
            problems.add(Messages.text("data.postgresql.preflight.clone-owner", role, database, owner));
        }
        return problems;
    }

    /** Whether the role may end the sessions of roles it does not belong to (pg_signal_backend, or superuser). */
    boolean canEndOthersSessions() throws SQLException {
        return superuser || bool("SELECT pg_has_role(current_user, 'pg_signal_backend', 'MEMBER')");
    }

    /** Sessions open on {@code database} now that the role could not end when it replaces or closes it. */
    List<String> sessionProblems(String database) throws SQLException {
        Set<String> others = new TreeSet<>();
        Set<String> superusers = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT r.rolname, r.rolsuper"
                + " FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid WHERE a.datname = ?"
                + " AND a.pid <> pg_backend_pid() AND NOT pg_has_role(current_user, a.usesysid, 'MEMBER')")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    (rows.getBoolean(2) ? superusers : others).add(rows.getString(1));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (!superuser && !superusers.isEmpty()) {
            problems.add(Messages.text("data.postgresql.preflight.superuser-sessions",
                    String.join(", ", superusers), database));
        }
        if (!others.isEmpty() && !canEndOthersSessions()) {
            problems.add(Messages.text("data.postgresql.preflight.other-sessions", cannotEndSessions(role), database,
                    String.join(", ", others)));
        }
        return problems;
    }

    /**
     * What restoring a dump of {@code source} needs: every role it names on this server; the role able to act as the
     * source database's owner and as each owner of its objects when the copy keeps them (data.owner unset; when set,
     * {@link #serverProblems} checks that one); its extensions installed on the server and creatable by whoever
     * restores them.
     *
     * @param configuredOwner data.owner, which then owns the database and every object; null to keep the source's
     */
    List<String> restoreProblems(SourceRequirements source, String configuredOwner) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<String> owners = new TreeSet<>();
        if (configuredOwner == null) {
            owners.addAll(source.objectOwners());
            owners.add(source.databaseOwner());
        }
        Set<String> named = new TreeSet<>(source.grantees());
        named.addAll(owners);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(existing(named));
        for (String absent : missing) {
            problems.add(missingRole(absent));
        }
        for (String owner : owners) {
            if (!missing.contains(owner) && !canActAs(owner)) {
                problems.add(cannotActAs(role, owner));
            }
        }
        String creator = configuredOwner != null ? configuredOwner : role;
        String databaseOwner = configuredOwner != null ? configuredOwner : source.databaseOwner();
        if (!missing.contains(databaseOwner) && exists(creator)) {
            problems.addAll(extensionProblems(source.extensions(), creator, databaseOwner));
        }
        return problems;
    }

    /** Extensions not installed on the server, or that {@code creator} may not create in a database of {@code owner}. */
    private List<String> extensionProblems(Set<String> extensions, String creator, String owner) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (extensions.isEmpty()) {
            return problems;
        }
        // Since PostgreSQL 13 a trusted extension needs only CREATE on the database; the others need a superuser.
        String trusted = serverMajor >= 13 ? "v.trusted" : "false";
        Map<String, Boolean> available = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.name, coalesce(" + trusted + ", false)"
                + " FROM pg_available_extensions a LEFT JOIN pg_available_extension_versions v ON v.name = a.name"
                + " AND v.version = a.default_version WHERE a.name::text = ANY (?)")) {
            statement.setArray(1, array(extensions));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    available.put(rows.getString(1), rows.getBoolean(2));
                }
            }
        }
        boolean creatorIsSuperuser = bool("SELECT rolsuper FROM pg_roles WHERE rolname = ?", creator);
        boolean creatorHasOwnersRights = creator.equals(owner)
                || bool("SELECT pg_has_role(?::name, ?::name, 'USAGE')", creator, owner);
        for (String extension : extensions) {
            if (!available.containsKey(extension)) {
                problems.add(missingExtension(extension));
            } else if (creatorIsSuperuser) {
                continue;
            } else if (!available.get(extension)) {
                problems.add(untrustedExtension(creator, extension));
            } else if (!creatorHasOwnersRights) {
                problems.add(Messages.text("data.postgresql.preflight.extension-owner", creator, extension, owner));
            }
        }
        return problems;
    }

    // --- the sentences, shared with PostgresFailures ------------------------------------------------------------

    static String cannotCreateDatabases(String role) {
        return Messages.text("data.postgresql.preflight.createdb", role);
    }

    static String cannotEndSessions(String role) {
        return Messages.text("data.postgresql.preflight.signal-backend", role);
    }

    static String cannotActAs(String role, String owner) {
        return Messages.text("data.postgresql.preflight.act-as-owner", role, owner);
    }

    static String missingRole(String name) {
        return Messages.text("data.postgresql.preflight.role-missing", name);
    }

    static String missingExtension(String extension) {
        return Messages.text("data.postgresql.preflight.extension-missing", extension);
    }

    static String untrustedExtension(String role, String extension) {
        return Messages.text("data.postgresql.preflight.extension-untrusted", role, extension);
    }

    // --- SQL helpers ----------------------------------------------------------------------------------------------

    /** Whether the role may SET ROLE to {@code other} (since PostgreSQL 16 membership alone no longer says so). */
    private boolean canActAs(String other) throws SQLException {
        return superuser || role.equals(other)
                || bool("SELECT pg_has_role(current_user, ?::name, '" + (serverMajor >= 16 ? "SET" : "MEMBER") + "')", other);
    }

    private boolean exists(String name) throws SQLException {
        return !existing(Set.of(name)).isEmpty();
    }

    private Set<String> existing(Set<String> names) throws SQLException {
        Set<String> found = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT rolname FROM pg_roles WHERE rolname::text = ANY (?)")) {
            statement.setArray(1, array(names));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private Array array(Set<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private boolean bool(String sql, String... parameters) throws SQLException {
        String value = string(sql, parameters);
        return "t".equals(value) || "true".equals(value);
    }

    private String string(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
