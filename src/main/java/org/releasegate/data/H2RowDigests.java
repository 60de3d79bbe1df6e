package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.releasegate.files.FolderDigest;

/**
 * {@link RowDigests} of an H2 database: H2 sorts the keys, each row's values are hashed here the way its fingerprint
 * hashes them ({@link TableChecksum#rowHash}); one row at a time is held.
 */
final class H2RowDigests {

    private static final String METHOD = "h2-sha256";

    private static final String PRIMARY_KEY = """
            SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c
            JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
            WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY' AND c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ?
            ORDER BY k.ORDINAL_POSITION""";

    private H2RowDigests() {
    }

    /** Reads, in the connection's current snapshot transaction, the tables wanted. */
    static void write(Connection connection, Predicate<String> wanted, Path folder) throws SQLException, IOException {
        for (String[] table : H2Store.tables(connection)) {
            if (wanted.test(table[0] + "." + table[1])) {
                table(connection, table[0], table[1], folder);
            }
        }
    }

    private static void table(Connection connection, String schema, String name, Path folder)
            throws SQLException, IOException {
        String table = schema + "." + name;
        String qualified = H2Store.quote(schema) + "." + H2Store.quote(name);
        List<String> key = primaryKey(connection, schema, name);
        if (!key.isEmpty()) {
            String keyText = key.size() == 1 ? "CAST(t." + H2Store.quote(key.get(0)) + " AS VARCHAR)"
                    : "'(' || " + key.stream().map(column -> "CAST(t." + H2Store.quote(column) + " AS VARCHAR)")
                    .collect(Collectors.joining(" || ',' || ")) + " || ')'";
            if (keyed(connection, folder, table, key, "SELECT " + keyText + ", t.* FROM " + qualified + " t ORDER BY 1")) {
                return;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + qualified + " WHERE 1 = 0");
             RowDigests.TableWriter writer = RowDigests.writer(folder, table, List.of(),
                     H2Store.columns(rows.getMetaData(), 1), "count");
             Statement count = connection.createStatement();
             ResultSet row = count.executeQuery("SELECT count(*) FROM " + qualified)) {
            row.next();
            writer.finish(row.getLong(1));
        }
    }

    /** @return false when H2 did not give the keys in code-point order (a collation): the table is then counted */
    private static boolean keyed(Connection connection, Path folder, String table, List<String> key, String query)
            throws SQLException, IOException {
        MessageDigest digest = FolderDigest.newSha256();
        HexFormat hex = HexFormat.of();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery(query);
                 RowDigests.TableWriter writer = RowDigests.writer(folder, table, key,
                         H2Store.columns(rows.getMetaData(), 2), METHOD)) {
                boolean[] binary = H2Store.binaryColumns(rows.getMetaData());
                byte[][] values = new byte[binary.length - 2][];
                while (rows.next()) {
                    byte[] hash = TableChecksum.rowHash(digest, H2Store.values(rows, binary, 2, values));
                    writer.add(rows.getString(1), hex.formatHex(hash, 0, 8));
                }
                writer.finish(0);
            }
        } catch (RowDigests.KeysOutOfOrderException e) {
            return false;
        }
        return true;
    }

    private static List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }
}
