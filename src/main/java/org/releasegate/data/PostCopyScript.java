package org.releasegate.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A script run on a staged copy before it replaces the test environment's data: mask personal data, disable
 * outgoing mail and payments, mark the database as TEST. Either an SQL file, run in one transaction on the staged
 * database (h2, postgresql), or a command, given where the staged data is by {@link StagedData#scriptEnvironment()}.
 *
 * @param name    how messages and reports name it
 * @param sql     an SQL file, or null
 * @param command a command and its arguments, or null
 */
public record PostCopyScript(String name, Path sql, List<String> command, Duration timeout) {

    private static final Logger LOG = LoggerFactory.getLogger(PostCopyScript.class);

    public PostCopyScript {
        if ((sql == null) == (command == null || command.isEmpty())) {
            throw new IllegalArgumentException("post-copy script " + name + ": give either sql or command");
        }
        command = command == null ? null : List.copyOf(command);
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    }

    public static PostCopyScript sql(Path file, Duration timeout) {
        return new PostCopyScript(file.getFileName().toString(), file, null, timeout);
    }

    public static PostCopyScript command(List<String> command, Duration timeout) {
        return new PostCopyScript(String.join(" ", command), null, command, timeout);
    }

    /**
     * Runs every script in order on the staged copy, stopping at the first failure.
     *
     * @throws PostCopyScriptFailedException naming the script and its error
     */
    static void runAll(List<PostCopyScript> scripts, StagedData staged) throws IOException {
        for (PostCopyScript script : scripts) {
            long start = System.nanoTime();
            script.runOn(staged);
            LOG.info("Post-copy script {} ran on the staged copy in {} ms", script.name,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    void runOn(StagedData staged) throws IOException {
        if (sql != null) {
            runSql(staged);
        } else {
            try {
                ExternalCommand.run("post-copy command " + name, command, staged.scriptEnvironment(), timeout);
            } catch (IOException e) {
                throw new PostCopyScriptFailedException(e.getMessage(), e);
            }
        }
    }

    private void runSql(StagedData staged) throws IOException {
        String text;
        try {
            text = Files.readString(sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PostCopyScriptFailedException("post-copy script " + name + ": cannot read " + sql + ": "
                    + e.getMessage(), e);
        }
        try (Connection connection = staged.openConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
                statement.execute(text);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLTimeoutException e) {
            throw new PostCopyScriptFailedException("post-copy script " + name + " did not finish within " + timeout, e);
        } catch (SQLException e) {
            throw new PostCopyScriptFailedException("post-copy script " + name + " failed: " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new PostCopyScriptFailedException("post-copy script " + name + ": " + e.getMessage(), e);
        }
    }

    /** A post-copy script failed; the staged copy is discarded and the target keeps its previous data. */
    public static class PostCopyScriptFailedException extends IOException {

        public PostCopyScriptFailedException(String message, Throwable cause) {
            super(message + " — the previous data was kept", cause);
        }
    }
}
