package org.releasegate.data;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.message.Messages;

/**
 * Tells a PostgreSQL failure that retrying cannot fix — a privilege the role lacks, a role or an extension missing on
 * the server, tools older than the server — from one that may pass by itself (a connection lost, a server restarting,
 * a serialization failure or deadlock, a lock not granted in time, a timeout, a full disk), and words the first in
 * French with its remedy where it is known. Anything not known to be permanent is treated as transient: a retry costs
 * less than a person called for nothing.
 */
final class PostgresFailures {

    /** insufficient_privilege, undefined_object, undefined_file (an extension's files missing), feature_not_supported. */
    private static final Set<String> PERMANENT_STATES = Set.of("42501", "42704", "58P01", "0A000");

    /**
     * What pg_dump and pg_restore print when retrying cannot help; they give no SQLSTATE, only the server's text
     * (English unless the server's lc_messages says otherwise, which only a superuser can change).
     */
    private static final Pattern PERMANENT_OUTPUT = Pattern.compile("permission denied|must be owner|must be a member of"
            + "|must be member of|must be superuser|must be a superuser|must be able to SET ROLE|server version mismatch"
            + "|role \"[^\"]+\" does not exist|could not open extension control file", Pattern.CASE_INSENSITIVE);

    private static final Pattern EXTENSION_DENIED = Pattern.compile("permission denied to create extension \"([^\"]+)\"");
    private static final Pattern SIGNAL_DENIED = Pattern.compile("must be a member of the role whose process is being"
            + " terminated|permission denied to terminate process");
    private static final Pattern SUPERUSER_SESSION = Pattern.compile("must be a superuser to terminate superuser process");
    private static final Pattern NOT_MEMBER = Pattern.compile("must be (?:a )?member of role \"([^\"]+)\""
            + "|must be able to SET ROLE \"([^\"]+)\"");
    private static final Pattern NO_CREATEDB = Pattern.compile("permission denied to create database");
    private static final Pattern NOT_OWNER = Pattern.compile("must be owner of (\\w+) \"?([^\"\\s]+)\"?");
    private static final Pattern DENIED_ON = Pattern.compile("permission denied for (table|relation|sequence|schema|database|"
            + "function|large object) \"?([^\"\\s]+)\"?");
    private static final Pattern NO_ROLE = Pattern.compile("role \"([^\"]+)\" does not exist");
    private static final Pattern NO_EXTENSION = Pattern.compile("could not open extension control file \"[^\"]*/([^/\"]+)"
            + "\\.control\"|extension \"([^\"]+)\" is not available");
    private static final Pattern VERSION_MISMATCH = Pattern.compile("server version mismatch");

    private PostgresFailures() {
    }

    static boolean isPermanent(SQLException failure) {
        return failure.getSQLState() != null && PERMANENT_STATES.contains(failure.getSQLState());
    }

    /** @param output what pg_dump or pg_restore printed */
    static boolean isPermanent(String output) {
        return output != null && PERMANENT_OUTPUT.matcher(output).find();
    }

    /**
     * @param where    the database concerned, in French (« Base PostgreSQL « gestan » (db:5432) »)
     * @param message  the server's or the tool's message
     * @param role     the role Release Gate connects as
     * @param database the database worked on, for the remedies that name it
     */
    static PermanentStoreFailureException permanent(String where, String message, String role, String database,
                                                    Throwable cause) {
        // The server's own line is English and may name files of the server: the log only.
        return new PermanentStoreFailureException(Messages.text("data.postgresql.permanent", where,
                reason(message, role, database)), "PostgreSQL: " + serverLine(message), cause);
    }

    /** The cause and its remedy, in French. */
    static String reason(String message, String role, String database) {
        Matcher m;
        if ((m = EXTENSION_DENIED.matcher(message)).find()) {
            return message.contains("Must be superuser")
                    ? PostgresPreflight.untrustedExtension(role, m.group(1))
                    : Messages.text("data.postgresql.failure.extension-denied", role, m.group(1), database);
        }
        if (SIGNAL_DENIED.matcher(message).find()) {
            return PostgresPreflight.cannotEndSessions(role);
        }
        if (SUPERUSER_SESSION.matcher(message).find()) {
            return Messages.text("data.postgresql.failure.superuser-session");
        }
        if ((m = NOT_MEMBER.matcher(message)).find()) {
            return PostgresPreflight.cannotActAs(role, m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (NO_CREATEDB.matcher(message).find()) {
            return PostgresPreflight.cannotCreateDatabases(role);
        }
        if ((m = NOT_OWNER.matcher(message)).find()) {
            return Messages.text("data.postgresql.failure.not-owner", role, m.group(1), m.group(2), m.group(1).toUpperCase());
        }
        if ((m = DENIED_ON.matcher(message)).find()) {
            return Messages.text("data.postgresql.failure.denied-on", role, m.group(1), m.group(2),
                    grantFor(m.group(1), m.group(2), role, message));
        }
        if ((m = NO_ROLE.matcher(message)).find()) {
            return PostgresPreflight.missingRole(m.group(1));
        }
        if ((m = NO_EXTENSION.matcher(message)).find()) {
            return PostgresPreflight.missingExtension(m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (VERSION_MISMATCH.matcher(message).find()) {
            return Messages.text("data.postgresql.failure.version-mismatch");
        }
        return Messages.text("data.postgresql.failure.other");
    }

    private static String grantFor(String kind, String name, String role, String message) {
        return switch (kind) {
            case "schema" -> "GRANT USAGE ON SCHEMA " + name + " TO " + role;
            case "database" -> message.contains("CONNECT") ? "GRANT CONNECT ON DATABASE " + name + " TO " + role
                    : "GRANT CREATE ON DATABASE " + name + " TO " + role;
            case "function" -> "GRANT EXECUTE ON FUNCTION " + name + " TO " + role;
            // A dump reads every table and sequence.
            default -> Messages.text("data.postgresql.failure.grant-select", name, role);
        };
    }

    /** The line of the message that carries the server's error, without the tool's preamble. */
    private static String serverLine(String message) {
        for (String line : message.split("\n")) {
            int error = line.indexOf("ERROR:");
            if (error >= 0) {
                return line.substring(error + "ERROR:".length()).strip();
            }
        }
        String first = message.strip().split("\n", 2)[0];
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }
}
