package org.releasegate.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one output format of the benchmarks ({@code ./mvnw -Pbenchmark test}): one line per comparison,
 * {@code name ours_s baseline_s ratio} — our figure and the baseline's in seconds, and ours / baseline. Lines go to
 * the console and are appended to {@code target/benchmark-results.txt}, from which BENCHMARKS.md is written.
 */
public final class BenchmarkReport {

    public static final Path RESULTS = Path.of("target", "benchmark-results.txt");
    private static final String HEADER = "name ours_s baseline_s ratio";

    private BenchmarkReport() {
    }

    /**
     * Prints and records one comparison; {@code name} has no spaces. The figures are seconds, except for a name that
     * ends with {@code -mb}: megabytes.
     */
    public static String compare(String name, double oursSeconds, double baselineSeconds) {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("A benchmark name has no spaces: '" + name + "'");
        }
        String line = String.format(Locale.ROOT, "%s %.4f %.4f %.2f", name, oursSeconds, baselineSeconds,
                oursSeconds / baselineSeconds);
        record(line);
        return line;
    }

    /**
     * Prints and records a line of context that is no comparison (a header, a throughput, the load average); it
     * starts with {@code #} so that the comparison lines stay easy to pick out.
     */
    public static void note(String text) {
        record("# " + text);
    }

    private static void record(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(RESULTS.getParent());
            if (!Files.exists(RESULTS)) {
                Files.writeString(RESULTS, HEADER + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(RESULTS, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Recording benchmark results in " + RESULTS, e);
        }
    }

    /** The median of some timings, in seconds. */
    public static double median(double... seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The median time of {@code runs} calls after {@code warmUp} unmeasured ones, in seconds. */
    public static double medianTime(int warmUp, int runs, Supplier<?> call) {
        for (int i = 0; i < warmUp; i++) {
            call.get();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.get();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return median(seconds);
    }
}
