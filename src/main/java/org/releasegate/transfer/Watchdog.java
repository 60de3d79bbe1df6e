package org.releasegate.transfer;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the transfers that stopped moving: a link cut without a reset leaves a socket's reads and writes blocked for
 * many minutes (TCP retransmits), and a write has no timeout at all. Each transfer says when it moves; once it has not
 * for its idle time, its connection is closed, which fails the blocked read or write at once.
 */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "transfer-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();

    static {
        TIMER.scheduleWithFixedDelay(Watchdog::check, 250, 250, TimeUnit.MILLISECONDS);
    }

    private Watchdog() {
    }

    /**
     * @param firstMove how long before the first move (a reply may take longer to start than bytes to follow)
     * @param idle      how long between moves afterwards
     * @param abort     closes the connection
     */
    static Watch watch(Duration firstMove, Duration idle, Runnable abort) {
        Watch watch = new Watch(System.nanoTime() + firstMove.toNanos(), idle.toNanos(), abort);
        WATCHES.add(watch);
        return watch;
    }

    private static void check() {
        long now = System.nanoTime();
        for (Watch watch : WATCHES) {
            if (now - watch.deadline > 0) {
                WATCHES.remove(watch);
                watch.expired = true;
                try {
                    watch.abort.run();
                } catch (RuntimeException ignored) {
                    // closing a connection that is already broken
                }
            }
        }
    }

    static final class Watch implements AutoCloseable {

        private final long idleNanos;
        private final Runnable abort;
        private volatile long deadline;
        private volatile boolean expired;

        private Watch(long deadline, long idleNanos, Runnable abort) {
            this.deadline = deadline;
            this.idleNanos = idleNanos;
            this.abort = abort;
        }

        void moved() {
            deadline = System.nanoTime() + idleNanos;
        }

        /** Whether the watchdog closed the connection (the failure that follows is its doing). */
        boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            WATCHES.remove(this);
        }
    }
}
