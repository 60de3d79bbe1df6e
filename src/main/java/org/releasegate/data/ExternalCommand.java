package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.releasegate.command.ChildProcess;

/**
 * Runs a tool (pg_dump, pg_restore, a post-copy command) through {@link ChildProcess} and fails with the tool's last
 * lines. The tool gets only the variables it is given, besides PATH, HOME, LANG and TZ.
 */
final class ExternalCommand {

    private static final int TAIL_BYTES = 4000;

    private ExternalCommand() {
    }

    /**
     * @param what    how messages name the command, e.g. {@code pg_dump of gestan@db:5432}
     * @param timeout null for none
     * @return the command's output (its last {@value #TAIL_BYTES} bytes)
     * @throws IOException naming {@code what}, the exit code and the last lines printed, when the command cannot
     *                     start, fails, or outlives the timeout
     */
    static String run(String what, List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException {
        ChildProcess.Result result;
        try {
            result = ChildProcess.run(command, environment, null, timeout, TAIL_BYTES);
        } catch (InterruptedIOException e) {
            throw new InterruptedIOException(what + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(what + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        if (result.outcome().timedOut()) {
            throw new IOException(what + " did not finish within " + timeout + " and was stopped" + tail(result));
        }
        if (result.outcome().exitCode() != 0) {
            throw new IOException(what + " failed with exit code " + result.outcome().exitCode() + tail(result));
        }
        return result.output();
    }

    private static String tail(ChildProcess.Result result) {
        String text = result.output().strip();
        return text.isEmpty() ? " (no output)" : ":\n" + text;
    }
}
