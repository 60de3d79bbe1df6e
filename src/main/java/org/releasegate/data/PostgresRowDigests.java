package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@link RowDigests} of a PostgreSQL database: the server hashes each row ({@code hash_record_extended}, or the md5
 * of its text for a column type without a hash function, as {@link PostgresFingerprint}) and sorts the keys, so only
 * a key and a number per row cross the network and the client holds one row at a time.
 */
final class PostgresRowDigests {

    private static final String RECORD_HASH = "pg-record-hash";
    private static final String MD5_TEXT = "pg-md5-text";
    /** SQLSTATE undefined_function: no extended hash function for a column's type, or a server before 14. */
    private static final String UNDEFINED_FUNCTION = "42883";
    private static final int FETCH_SIZE = 10_000;

    private static final String PRIMARY_KEY = """
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = ?::regclass AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)""";

    private PostgresRowDigests() {
    }

    /** Reads, in the connection's current transaction (the caller makes it a read-only snapshot), the tables wanted. */
    static void write(Connection connection, Predicate<String> wanted, Path folder) throws SQLException, IOException {
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(PostgresFingerprint.TABLES)) {
            while (rows.next()) {
                if (wanted.test(rows.getString(1) + "." + rows.getString(2))) {
                    tables.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
        }
        for (String[] table : tables) {
            table(connection, table[0], table[1], table[2], folder);
        }
    }

    private static void table(Connection connection, String schema, String name, String columns, Path folder)
            throws SQLException, IOException {
        String table = schema + "." + name;
        String qualified = PostgresStore.quote(schema) + "." + PostgresStore.quote(name);
        List<String> key = primaryKey(connection, qualified);
        if (!key.isEmpty()) {
            String keyText = key.size() == 1 ? "t." + PostgresStore.quote(key.get(0)) + "::text"
                    : "row(" + key.stream().map(column -> "t." + PostgresStore.quote(column))
                    .collect(Collectors.joining(", ")) + ")::text";
            String sorted = " FROM ONLY " + qualified + " t ORDER BY (" + keyText + ") COLLATE \"C\"";
            try {
                if (keyed(connection, folder, table, key, columns, RECORD_HASH,
                        "SELECT " + keyText + ", hash_record_extended(t, 0)::text" + sorted)) {
                    return;
                }
            } catch (SQLException e) {
                if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                    throw e;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK TO SAVEPOINT release_gate_rows; RELEASE SAVEPOINT release_gate_rows");
                }
                if (keyed(connection, folder, table, key, columns, MD5_TEXT, "SELECT " + keyText + ", md5(t::text)" + sorted)) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM ONLY " + qualified);
             RowDigests.TableWriter writer = RowDigests.writer(folder, table, List.of(), columns, "count")) {
            row.next();
            writer.finish(row.getLong(1));
        }
    }

    /** @return false when the keys did not come in code-point order: the table is then only counted */
    private static boolean keyed(Connection connection, Path folder, String table, List<String> key, String columns,
                                 String method, String query) throws SQLException, IOException {
        try (Statement savepoint = connection.createStatement()) {
            savepoint.execute("SAVEPOINT release_gate_rows");
        }
        try (Statement statement = connection.createStatement();
             RowDigests.TableWriter writer = RowDigests.writer(folder, table, key, columns, method)) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    writer.add(rows.getString(1), rows.getString(2));
                }
            }
            writer.finish(0);
        } catch (RowDigests.KeysOutOfOrderException e) {
            release(connection);
            return false;
        }
        release(connection);
        return true;
    }

    private static void release(Connection connection) throws SQLException {
        try (Statement release = connection.createStatement()) {
            release.execute("RELEASE SAVEPOINT release_gate_rows");
        }
    }

    private static List<String> primaryKey(Connection connection, String qualified) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setString(1, qualified);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }
}
