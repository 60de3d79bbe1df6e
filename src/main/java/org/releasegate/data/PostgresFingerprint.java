package org.releasegate.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Table fingerprints computed by the PostgreSQL server itself, so only one line per table crosses the network: each
 * row is hashed and the hashes summed ({@link TableChecksum}), in one of the {@link RowHash ways}. The large objects
 * are one more part, hashed alike; where each sequence stands is recorded beside the tables.
 */
final class PostgresFingerprint {

    /**
     * How a fingerprint is computed; it records its way ({@link Fingerprint#method()}) so that a later one is computed
     * alike and the two compare.
     */
    enum RowHash {
        /**
         * {@code hash_record_extended} (PostgreSQL 14+), the 64-bit hash of each column's binary value that hash
         * indexes use, so it is stable across servers and versions, and the large objects as one more part
         * ({@link Fingerprint#LARGE_OBJECTS}). The way of every fingerprint taken now.
         */
        RECORD_AND_LARGE_OBJECTS("pg-record-hash+large-objects", true),
        /**
         * Rows as {@link #RECORD_AND_LARGE_OBJECTS}, large objects left out: the fingerprints taken before they were
         * counted, which a copy that lost every large object would still have matched. About ten times faster than
         * {@link #MD5_TEXT}: no row is printed. A table with a column type that has no hash function (point, json,
         * xml…) falls back to {@link #MD5_TEXT}, on both sides alike.
         */
        RECORD("pg-record-hash", false),
        /** md5 of each row's text form, two 64-bit halves summed: the first way, kept for older snapshots. */
        MD5_TEXT(null, false);

        /** {@link Fingerprint#method()}. */
        final String method;
        final boolean largeObjects;

        RowHash(String method, boolean largeObjects) {
            this.method = method;
            this.largeObjects = largeObjects;
        }

        /** The way {@code fingerprint} was computed. */
        static RowHash of(Fingerprint fingerprint) {
            for (RowHash way : values()) {
                if (Objects.equals(way.method, fingerprint.method())) {
                    return way;
                }
            }
            throw new IllegalArgumentException("a PostgreSQL fingerprint computed in an unknown way ("
                    + fingerprint.method() + "), by a later Release Gate?");
        }
    }

    /** SQLSTATE undefined_function: no extended hash function for a column's type, or a server before 14. */
    private static final String UNDEFINED_FUNCTION = "42883";

    /** Every user table with its columns, in one query: a database of hundreds of tables is read in as few trips. */
    static final String TABLES = """
            SELECT n.nspname, c.relname,
                   (SELECT coalesce(string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),
                           ', ' ORDER BY a.attnum), '')
                    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY n.nspname, c.relname""";
    /** Lets the transaction, whose snapshot pg_dump may share, outlive a table whose row hash fails. */
    private static final String SAVEPOINT = "release_gate_fingerprint";

    /**
     * The sequences this role may read (pg_dump reads the same to set them back): the others are left out rather than
     * failing the whole fingerprint. pg_sequence exists since PostgreSQL 10. has_table_privilege, not
     * has_sequence_privilege: the server may test the privilege before the relkind, and the latter fails on a table.
     */
    private static final String SEQUENCES = """
            SELECT n.nspname, c.relname, s.seqincrement FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
            WHERE c.relkind = 'S' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
            AND has_table_privilege(c.oid, 'SELECT')
            ORDER BY n.nspname, c.relname""";

    /**
     * The two sums as text. sum(bigint) is exact (PostgreSQL returns it as numeric, accumulating in 128 bits), so it
     * gives the very values of summing each row as numeric — fingerprints of earlier snapshots stay valid — without
     * a numeric conversion per row, which took about a third of a table's checksum time.
     */
    static final String SUMS = "coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text,"
            + " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text";

    /**
     * Every large object, its OID and its bytes, hashed as one row each ({@code lo_get} needs the SELECT privilege
     * on each object, which an owner's members have; the catalog pg_largeobject itself is the superuser's). A server
     * before 14 hashes the same with md5, as its tables.
     */
    private static final String LARGE_OBJECTS = "SELECT count(*), coalesce(sum(hash_record_extended(row(m.oid,"
            + " lo_get(m.oid)), 0)), 0)::text FROM pg_largeobject_metadata m";
    private static final String LARGE_OBJECTS_MD5 = "SELECT count(*), %s FROM (SELECT md5(int8send(m.oid::bigint)"
            + " || lo_get(m.oid)) AS h FROM pg_largeobject_metadata m) objects";
    private static final String LARGE_OBJECT_COLUMNS = "loid oid, data bytea";

    private PostgresFingerprint() {
    }

    /** Reads every user table in the connection's current transaction (the caller makes it a snapshot). */
    static Fingerprint of(Connection connection, RowHash rowHash) throws SQLException {
        try (Statement settings = connection.createStatement()) {
            // A row's text form depends on these: fix them so that two servers print the same values alike.
            settings.execute("SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL TimeZone = 'UTC';"
                    + " SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3;"
                    + " SET LOCAL bytea_output = 'hex'");
        }
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(TABLES)) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
            }
        }
        List<Fingerprint.Part> parts = new ArrayList<>();
        for (String[] table : tables) {
            parts.add(table(connection, table[0], table[1], table[2], rowHash));
        }
        if (rowHash.largeObjects) {
            largeObjects(connection).ifPresent(parts::add);
        }
        return new Fingerprint(Fingerprint.ROWS, parts, rowHash.method, sequences(connection));
    }

    /**
     * Where each sequence stands: a restore sets them back, and the numbers given out since (invoices, quotes) would
     * be given again. Read from the sequence itself ({@code last_value}, {@code is_called}), as pg_dump does:
     * sequences are not transactional, so this is their value when read, not at the snapshot.
     */
    private static List<Fingerprint.Sequence> sequences(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() < 10) {
            return List.of();
        }
        List<Object[]> found = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SEQUENCES)) {
            while (rows.next()) {
                found.add(new Object[] {rows.getString(1), rows.getString(2), rows.getLong(3)});
            }
        }
        List<Fingerprint.Sequence> sequences = new ArrayList<>();
        for (Object[] sequence : found) {
            String schema = (String) sequence[0];
            String name = (String) sequence[1];
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT last_value, is_called FROM "
                         + PostgresStore.quote(schema) + "." + PostgresStore.quote(name))) {
                row.next();
                sequences.add(new Fingerprint.Sequence(schema + "." + name, row.getLong(1), row.getBoolean(2),
                        (Long) sequence[2]));
            }
        }
        return sequences;
    }

    /**
     * The large objects as one part, counted in objects; none when the database has none, so that a database without
     * any has the parts it had before they were counted. pg_dump dumps them with the data, and an ERP keeps its
     * documents in them (an {@code oid} column per row): a copy that lost them must not pass for complete.
     */
    private static Optional<Fingerprint.Part> largeObjects(Connection connection) throws SQLException {
        Savepoint beforeHash = connection.setSavepoint();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(LARGE_OBJECTS)) {
            row.next();
            long count = row.getLong(1);
            connection.releaseSavepoint(beforeHash);
            return count == 0 ? Optional.empty() : Optional.of(TableChecksum.partOfRecordHashes(Fingerprint.LARGE_OBJECTS,
                    LARGE_OBJECT_COLUMNS, count, row.getString(2)));
        } catch (SQLException e) {
            if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeHash);
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(LARGE_OBJECTS_MD5.formatted(SUMS))) {
            row.next();
            long count = row.getLong(1);
            return count == 0 ? Optional.empty() : Optional.of(TableChecksum.part(Fingerprint.LARGE_OBJECTS,
                    LARGE_OBJECT_COLUMNS, count, row.getString(2), row.getString(3)));
        }
    }

    private static Fingerprint.Part table(Connection connection, String schema, String name, String columns,
                                          RowHash rowHash) throws SQLException {
        String qualified = PostgresStore.quote(schema) + "." + PostgresStore.quote(name);
        if (rowHash != RowHash.MD5_TEXT) {
            // Savepoint, hash and release in one round trip: a fingerprint of 250 small tables took four per table.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SAVEPOINT " + SAVEPOINT + "; SELECT count(*), coalesce(sum(hash_record_extended(t,"
                        + " 0)), 0)::text FROM ONLY " + qualified + " t; RELEASE SAVEPOINT " + SAVEPOINT);
                statement.getMoreResults();
                try (ResultSet row = statement.getResultSet()) {
                    row.next();
                    return TableChecksum.partOfRecordHashes(schema + "." + name, columns, row.getLong(1),
                            row.getString(2));
                }
            } catch (SQLException e) {
                if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                    throw e;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                }
            }
        }
        String sums = "SELECT count(*), " + SUMS + " FROM (SELECT md5(t::text) AS h FROM ONLY " + qualified + " t) rows";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sums)) {
            row.next();
            return TableChecksum.part(schema + "." + name, columns, row.getLong(1), row.getString(2), row.getString(3));
        }
    }
}
