package org.releasegate.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ParallelTest {

    private final List<Integer> items = IntStream.range(0, 1000).boxed().toList();

    @Test
    void everyItemIsHandledOnceWithOneActionPerThread() throws IOException {
        Set<Integer> handled = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger actions = new AtomicInteger();

        Parallel.forEach(items, 4, "test-worker", () -> {
            actions.incrementAndGet();
            return item -> {
                assertThat(handled.add(item)).as("item %d handled twice", item).isTrue();
                threads.add(Thread.currentThread().getName());
            };
        });

        assertThat(handled).hasSize(1000);
        assertThat(actions.get()).isEqualTo(4);
        assertThat(threads).containsOnly("test-worker");
    }

    @Test
    void theFirstFailureIsThrownAndNoNewItemStartsAfterIt() {
        AtomicInteger started = new AtomicInteger();

        assertThatThrownBy(() -> Parallel.forEach(items, 2, "test-worker", () -> item -> {
            started.incrementAndGet();
            if (item == 10) {
                throw new IOException("No space left on device");
            }
            sleepOneMillisecond();
        })).isInstanceOf(IOException.class).hasMessage("No space left on device");

        // The other thread may start items until the failing one has raised the flag, which takes microseconds
        // unless its thread is descheduled; each item takes a millisecond, so half of them would mean no stop.
        assertThat(started.get()).isLessThan(items.size() / 2);
    }

    @Test
    void aRuntimeFailureIsRethrownAsItWas() {
        assertThatThrownBy(() -> Parallel.forEach(items, 2, "test-worker", () -> item -> {
            if (item == 3) {
                throw UnsupportedFileTypeException.symbolicLink(Path.of("x"));
            }
        })).isInstanceOf(UnsupportedFileTypeException.class).hasMessageContaining("lien symbolique");
    }

    @Test
    void oneItemOrOneThreadRunsInTheCallersThread() throws IOException {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        Parallel.forEach(items, 1, "test-worker", () -> item -> threads.add(Thread.currentThread().getName()));

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    private static void sleepOneMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
