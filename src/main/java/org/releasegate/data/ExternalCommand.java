package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool (pg_dump, pg_restore, a post-copy command) with a timeout, its output kept in a temporary file so a
 * chatty tool never blocks on a full pipe, and fails with the tool's last lines. The child inherits no
 * {@code RELEASEGATE_*}, {@code SPRING_*} or {@code PG*} variable of this application (the engine's database
 * password among them): it gets only those it is given.
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
        Path output = Files.createTempFile("release-gate-command", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> childEnvironment = builder.environment();
            childEnvironment.keySet().removeIf(ExternalCommand::isPrivate);
            childEnvironment.putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException(what + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
            }
            process.getOutputStream().close(); // a command that reads its input gets end-of-file, not a hang
            boolean finished = true;
            try {
                if (timeout == null) {
                    process.waitFor();
                } else {
                    finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + " was interrupted");
            }
            if (!finished) {
                kill(process);
                throw new IOException(what + " did not finish within " + timeout + " and was stopped" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " failed with exit code " + process.exitValue() + tail(output));
            }
            return readTail(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean isPrivate(String variable) {
        return variable.startsWith("RELEASEGATE_") || variable.startsWith("SPRING_") || variable.startsWith("PG");
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path output) throws IOException {
        String text = readTail(output).strip();
        return text.isEmpty() ? " (no output)" : ":\n" + text;
    }

    private static String readTail(Path output) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return (start > 0 ? "…" : "") + new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
