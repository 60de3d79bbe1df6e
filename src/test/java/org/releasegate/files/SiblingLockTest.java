package org.releasegate.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiblingLockTest {

    @TempDir
    Path folder;

    /** Holds the lock of the file named first until its input closes: the other engine node. */
    public static void main(String[] args) throws Exception {
        try (SiblingLock lock = SiblingLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void anotherProcessHoldingTheLockMakesThisOneWaitUntilItDies() throws Exception {
        Path catalogue = folder.resolve("strategic-processes.yaml");
        // A JVM of its own, as another engine node sharing the folder: an OS lock is per process.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SiblingLockTest.class.getName(), catalogue.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).as("the other process holds the lock").isEqualTo("locked");

            CompletableFuture<SiblingLock> mine = CompletableFuture.supplyAsync(() -> {
                try {
                    return SiblingLock.acquire(catalogue);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                mine.get(2, TimeUnit.SECONDS);
                throw new AssertionError("took the lock another process holds");
            } catch (TimeoutException waiting) {
                // as it should
            }
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            try (SiblingLock lock = mine.get(30, TimeUnit.SECONDS)) {
                assertThat(folder.resolve(".strategic-processes.yaml.lock")).as("the lock is a hidden sibling").exists();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void threadsOfOneJvmTakeItInTurn() throws Exception {
        Path file = folder.resolve("change-calendar.yaml");
        SiblingLock first = SiblingLock.acquire(file);
        CompletableFuture<SiblingLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return SiblingLock.acquire(file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(second).as("waits while the first thread holds it").isNotDone();
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertThat(Files.exists(SiblingLock.lockFileOf(file))).isTrue();
    }
}
