package org.releasegate.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the two sides of a comparison the same way: one unmeasured run of each (page cache warm for both), then
 * alternate measured runs, each after its untimed preparation and a {@code sync} that flushes what is pending.
 */
final class Alternation {

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** One side of a comparison: its preparation (not timed) and its work (timed). */
    record Side(Action prepare, Action work) {

        static Side of(Action work) {
            return new Side(() -> {
            }, work);
        }
    }

    /** The measured runs' seconds, in order. */
    record Timings(double[] ours, double[] baseline) {

        double oursMedian() {
            return BenchmarkReport.median(ours);
        }

        double baselineMedian() {
            return BenchmarkReport.median(baseline);
        }

        /** {@code runs ours 1.02/0.98/…, baseline …}. */
        String runs() {
            return "runs ours " + seconds(ours) + ", baseline " + seconds(baseline);
        }
    }

    private Alternation() {
    }

    static Timings run(int runs, Side ours, Side baseline) throws Exception {
        time(ours);
        time(baseline);
        double[] oursSeconds = new double[runs];
        double[] baselineSeconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            oursSeconds[i] = time(ours);
            baselineSeconds[i] = time(baseline);
        }
        return new Timings(oursSeconds, baselineSeconds);
    }

    private static double time(Side side) throws Exception {
        side.prepare().run();
        Shell.run("sync", Map.of());
        long start = System.nanoTime();
        side.work().run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static String seconds(double[] values) {
        List<String> formatted = new ArrayList<>();
        for (double value : values) {
            formatted.add(String.format(Locale.ROOT, "%.2f", value));
        }
        return String.join("/", formatted);
    }
}
