package org.releasegate.command;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way Release Gate starts a program: post-copy commands, pg_dump and pg_restore, package migrations, vendor
 * installers and their version commands, health checks, environments' stop and start commands.
 * <p>
 * The environment is built from scratch: {@link #INHERITED} from this JVM's environment when set, then exactly the
 * variables the caller passes on purpose. Anything else this JVM holds (the engine's database password, the worker
 * and admin passwords, whatever a {@code docker/.env} put there) never reaches a program whose output ends up in
 * logs, reports and history. Input is {@code /dev/null}, so a program that asks a question gets end-of-file instead
 * of hanging until its timeout; output and error output go to one file, so a chatty program never blocks on a full
 * pipe. On timeout or interruption the whole process tree is killed: a shell script's children would otherwise go
 * on after the script is gone.
 */
public final class ChildProcess {

    /** The only variables a program gets from this JVM's environment. */
    public static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TZ");

    private static final File NO_INPUT = new File("/dev/null");
    private static final long EXIT_WAIT_SECONDS = 10;

    /**
     * How a program ended.
     *
     * @param timedOut          it outlived its timeout and was killed; {@code exitCode} then means nothing
     * @param killedDescendants how many processes below it were killed with it
     */
    public record Outcome(boolean timedOut, int exitCode, int killedDescendants) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /** @param output the last bytes the program printed (output and error output), "…" first when cut */
    public record Result(Outcome outcome, String output) {
    }

    private final Process process;
    private final String program;

    private ChildProcess(Process process, String program) {
        this.process = process;
        this.program = program;
    }

    /**
     * Starts {@code command} (no shell: each item is one argument), its output and error output appended to
     * {@code output}.
     *
     * @param variables        what the program gets besides {@link #INHERITED}
     * @param workingDirectory null for this JVM's
     */
    public static ChildProcess start(List<String> command, Map<String, String> variables, Path workingDirectory,
                                     Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Map<String, String> environment = builder.environment();
        environment.clear();
        for (String name : INHERITED) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putAll(variables);
        return new ChildProcess(builder.start(), command.get(0));
    }

    /**
     * Starts {@code command}, waits for its end and returns the last {@code outputBytes} it printed, kept meanwhile
     * in a temporary file that is deleted afterwards.
     *
     * @param timeout null for none
     * @throws InterruptedIOException when this thread is interrupted; the program was killed with its tree
     */
    public static Result run(List<String> command, Map<String, String> variables, Path workingDirectory,
                             Duration timeout, int outputBytes) throws IOException {
        Path output = Files.createTempFile("release-gate-command", ".log");
        try {
            Outcome outcome = start(command, variables, workingDirectory, output).await(timeout);
            return new Result(outcome, tail(output, outputBytes));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Waits for the program's end; kills it with its whole tree when it outlives {@code timeout}.
     *
     * @param timeout null for none
     * @throws InterruptedIOException when this thread is interrupted (its interrupt flag is set again); the
     *                                program was killed with its tree first
     */
    public Outcome await(Duration timeout) throws InterruptedIOException {
        try {
            if (timeout == null) {
                return new Outcome(false, process.waitFor(), 0);
            }
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome(false, process.exitValue(), 0);
            }
        } catch (InterruptedException e) {
            int killed = killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + program + " ran: killed it and its " + killed
                    + " child process(es)");
        }
        return new Outcome(true, -1, killTree(process.toHandle()));
    }

    /**
     * Kills {@code root} and every process below it. The tree is listed before anything is killed, since a killed
     * parent's children are handed to init and no longer show as its descendants. A program that detached itself
     * (setsid and a double fork) is no longer in the tree and keeps running.
     *
     * @return how many descendants were killed
     */
    public static int killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILL cannot be refused; a process not seen gone yet is a zombie waiting for its parent to reap it.
        }
        return tree.size() - 1;
    }

    /** The last {@code maxBytes} of a file, "…" first when cut; read from its end, so a huge log costs nothing. */
    public static String tail(Path file, int maxBytes) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return (start > 0 ? "…" : "") + new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
