package org.releasegate.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.command.ChildChecks.pidIn;
import static org.releasegate.command.ChildChecks.running;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one launcher of programs, with real processes. */
class ChildProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void programSeesOnlyPathHomeLangTzAndTheVariablesGivenNoSecretOfThisJvm() throws IOException {
        ChildProcess.Result result = ChildProcess.run(List.of("env"), Map.of("RELEASEGATE_DATA_DIR", dir.toString()),
                null, DEADLINE, 64 * 1024);

        assertThat(result.outcome().succeeded()).isTrue();
        ChildChecks.assertSawOnly(result.output(), Set.of("RELEASEGATE_DATA_DIR"));
        assertThat(result.output()).contains("RELEASEGATE_DATA_DIR=" + dir + "\n");
    }

    /** Else a program started some other way inherits this JVM's whole environment, an agent's password among it. */
    @Test
    void noOtherClassStartsAProgram() throws IOException {
        Path sources = Path.of("src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> starters = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.endsWith(Path.of("org", "releasegate", "command", "ChildProcess.java")))
                    .filter(file -> {
                        try {
                            String source = Files.readString(file);
                            return source.contains("ProcessBuilder") || source.contains(".exec(");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(sources::relativize).map(Path::toString).toList();
            assertThat(starters).as("classes starting programs other than ChildProcess").isEmpty();
        }
    }

    @Test
    void programThatReadsItsInputGetsEndOfFileAtOnce() throws IOException {
        long start = System.nanoTime();

        ChildProcess.Result result = ChildProcess.run(List.of("sh", "-c", "cat; echo \"input ended\""), Map.of(),
                dir, DEADLINE, 1000);

        assertThat(result.outcome().timedOut()).isFalse();
        assertThat(result.output()).isEqualTo("input ended\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void programThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        ChildProcess program = ChildProcess.start(List.of("sh", "-c", "sleep 300 & echo $! > child.pid; wait"),
                Map.of(), dir, dir.resolve("output.log"));
        long grandchild = pidIn(dir.resolve("child.pid"));

        ChildProcess.Outcome outcome = program.await(Duration.ofMillis(500));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.killedDescendants()).isEqualTo(1);
        assertThat(program.handle().isAlive()).isFalse();
        assertThat(running(grandchild)).as("the grandchild sleep 300").isFalse();
    }

    @Test
    void interruptedWaitKillsTheProgramWithItsChildren() throws Exception {
        ChildProcess program = ChildProcess.start(List.of("sh", "-c", "sleep 300 & echo $! > child.pid; wait"),
                Map.of(), dir, dir.resolve("output.log"));
        long grandchild = pidIn(dir.resolve("child.pid"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptFlag = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                program.await(null);
            } catch (InterruptedIOException e) {
                thrown.set(e);
                interruptFlag.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();

        waiter.interrupt();
        waiter.join(DEADLINE.toMillis());

        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessage("interrupted while sh ran: killed it and its 1 child process(es)");
        assertThat(interruptFlag).as("the interrupt flag, set again").isTrue();
        assertThat(program.handle().isAlive()).isFalse();
        assertThat(running(grandchild)).as("the grandchild sleep 300").isFalse();
    }

    @Test
    void exitCodeAndTheLastBytesOfTheOutputAreKept() throws IOException {
        ChildProcess.Result result = ChildProcess.run(List.of("sh", "-c", "seq 1 2000; echo 'last words' >&2; exit 3"),
                Map.of(), dir, DEADLINE, 21);

        assertThat(result.outcome()).isEqualTo(new ChildProcess.Outcome(false, 3, 0));
        assertThat(result.output()).isEqualTo("…1999\n2000\nlast words\n");
    }
}
