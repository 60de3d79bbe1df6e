package org.releasegate.data;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.releasegate.files.FolderDigest;

/**
 * An order-independent checksum of a table: the sums of two 64-bit halves of each row's hash (a multiset hash),
 * so that a copy whose rows come back in another physical order has the same checksum, and one changed, missing
 * or extra row changes it. Combined with the table's columns into the part's SHA-256.
 */
final class TableChecksum {

    private final MessageDigest rowDigest = FolderDigest.newSha256();
    private BigInteger high = BigInteger.ZERO;
    private BigInteger low = BigInteger.ZERO;
    private long rows;

    /** Adds one row, given as its column values already turned into bytes (null for SQL NULL). */
    void addRow(byte[][] values) {
        ByteBuffer hash = ByteBuffer.wrap(rowHash(rowDigest, values));
        high = high.add(BigInteger.valueOf(hash.getLong()));
        low = low.add(BigInteger.valueOf(hash.getLong()));
        rows++;
    }

    /** The SHA-256 of one row's values, each preceded by its length (-1 for SQL NULL). */
    static byte[] rowHash(MessageDigest digest, byte[][] values) {
        for (byte[] value : values) {
            if (value == null) {
                digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                digest.update(ByteBuffer.allocate(4).putInt(value.length).array());
                digest.update(value);
            }
        }
        return digest.digest();
    }

    Fingerprint.Part part(String table, String columns) {
        return part(table, columns, rows, high.toString(), low.toString());
    }

    /** The part of a table whose row count and hash sums were computed elsewhere (by the database server). */
    static Fingerprint.Part part(String table, String columns, long rows, String high, String low) {
        return part(table, "columns " + columns + "\nrows " + rows + "\nsums " + high + " " + low + "\n", rows);
    }

    /** The part of a table whose rows PostgreSQL hashed with {@code hash_record_extended}, summed exactly. */
    static Fingerprint.Part partOfRecordHashes(String table, String columns, long rows, String sum) {
        return part(table, "columns " + columns + "\nrows " + rows + "\nrecord hash sum " + sum + "\n", rows);
    }

    private static Fingerprint.Part part(String table, String description, long rows) {
        MessageDigest digest = FolderDigest.newSha256();
        digest.update(description.getBytes(StandardCharsets.UTF_8));
        return new Fingerprint.Part(table, rows, FolderDigest.hex(digest.digest()));
    }
}
