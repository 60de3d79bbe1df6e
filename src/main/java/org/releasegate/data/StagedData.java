package org.releasegate.data;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A verified copy (or restore) waiting beside its store. Post-copy scripts change it; {@link #publish()} swaps it in;
 * closing an unpublished one deletes it and leaves the store untouched.
 */
public interface StagedData extends StagedSwap {

    /** The content as verified when it was staged (before any post-copy script changed it). */
    @Override
    Fingerprint fingerprint();

    /**
     * Where a post-copy command finds the staged data: {@code RELEASEGATE_DATA_DIR} (directory),
     * {@code RELEASEGATE_DATA_FILE} and {@code RELEASEGATE_JDBC_URL} (h2), {@code PGHOST}, {@code PGPORT},
     * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD} and {@code RELEASEGATE_JDBC_URL} (postgresql); always
     * {@code RELEASEGATE_DATA_TYPE}.
     */
    Map<String, String> scriptEnvironment();

    /**
     * A connection to the staged database, for post-copy SQL; the caller closes it before {@link #publish()}.
     *
     * @throws UnsupportedOperationException for a store that is not a database
     */
    Connection openConnection() throws SQLException;

    /** Swaps the staged content in, in place of the store's; afterwards the previous content is gone. */
    @Override
    void publish() throws IOException;

    /** Deletes the staged content unless it was published. */
    @Override
    void close() throws IOException;
}
