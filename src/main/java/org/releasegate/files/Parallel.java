package org.releasegate.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** File work spread over a few threads, for copies and fsyncs of thousands of files. */
public final class Parallel {

    /** One thread's way of handling an item; it may keep buffers of its own across items. */
    @FunctionalInterface
    public interface Action<T> {
        void run(T item) throws IOException;
    }

    private Parallel() {
    }

    /**
     * Runs an action of {@code perThread} on every item, on up to {@code threads} threads taking the items in list
     * order. After a failure no new item is started; once the running ones end, the first failure is thrown with
     * the others attached.
     */
    public static <T> void forEach(List<T> items, int threads, String name, Supplier<Action<T>> perThread)
            throws IOException {
        int workers = Math.min(threads, items.size());
        if (workers <= 1) {
            Action<T> action = perThread.get();
            for (T item : items) {
                action.run(item);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(() -> {
                    Action<T> action = perThread.get();
                    for (int index; !failed.get() && (index = next.getAndIncrement()) < items.size(); ) {
                        try {
                            action.run(items.get(index));
                        } catch (IOException | RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> worker : running) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name + " interrupted");
        } finally {
            pool.shutdownNow();
        }
    }
}
