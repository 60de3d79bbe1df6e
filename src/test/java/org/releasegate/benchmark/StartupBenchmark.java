package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.e2e.ChildApplication;

/**
 * The README's run command, {@code ./mvnw spring-boot:run} (profile {@code demo}): {@code spring-start}, the seconds
 * Spring reports for its start ("Started ReleaseGateApplication in … seconds"), and {@code idle-rss-mb}, the
 * application JVM's resident memory {@value #IDLE_SECONDS} s after it is ready (its workers polling, nobody using it).
 * Ours: the JVM options the pom gives the run command ({@code run.jvmArguments}, passed here by the benchmark
 * profile); baseline: none, what the run command used before. Both get the {@code -XX:TieredStopAtLevel=1} that the
 * plugin adds itself. Each run is a first start in a folder of
 * its own (demo laid out, engine schema created), the application started as {@code spring-boot:run} starts it (its
 * main class, the project's classes and dependencies; Maven's own JVM is not counted). One unmeasured start of each,
 * then {@value #RUNS} alternately; medians. Run with {@code ./mvnw -Pbenchmark test -Dtest=StartupBenchmark}.
 */
class StartupBenchmark {

    private static final int RUNS = 3;
    /** What spring-boot-maven-plugin's run goal adds to every JVM it starts ({@code optimizedLaunch}). */
    private static final String PLUGIN_DEFAULT = "-XX:TieredStopAtLevel=1";
    private static final int IDLE_SECONDS = 30;
    private static final Pattern STARTED = Pattern.compile("Started ReleaseGateApplication in ([0-9.]+) seconds");
    private static final Pattern RESIDENT = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    @TempDir
    Path home;

    private int runNumber;

    @Test
    void runCommandAgainstTheJvmDefaults() throws Exception {
        String configured = System.getProperty("run.jvmArguments", "");
        assertThat(configured).as("run.jvmArguments from the pom (run with -Pbenchmark)").isNotBlank();
        List<String> ours = new ArrayList<>(List.of(PLUGIN_DEFAULT));
        ours.addAll(Arrays.asList(configured.trim().split("\\s+")));
        List<String> baseline = List.of(PLUGIN_DEFAULT);
        BenchmarkReport.note("StartupBenchmark: ours " + ours + ", baseline " + baseline + "; load average at start "
                + Shell.loadAverage());
        start(ours);
        start(baseline);
        List<Run> oursRuns = new ArrayList<>();
        List<Run> baselineRuns = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            oursRuns.add(start(ours));
            baselineRuns.add(start(baseline));
        }
        BenchmarkReport.note("StartupBenchmark: runs ours " + oursRuns + ", baseline " + baselineRuns
                + "; load average at end " + Shell.loadAverage());
        BenchmarkReport.compare("spring-start", median(oursRuns, Run::startSeconds),
                median(baselineRuns, Run::startSeconds));
        BenchmarkReport.compare("idle-rss-mb", median(oursRuns, Run::residentMegabytes),
                median(baselineRuns, Run::residentMegabytes));
    }

    private Run start(List<String> jvmOptions) throws Exception {
        Path folder = Files.createDirectories(home.resolve("run-" + ++runNumber));
        Map<String, String> environment = Map.of("RELEASEGATE_MODELS", Path.of("bpmn").toAbsolutePath().toString());
        try (ChildApplication application = ChildApplication.start(jvmOptions, List.of("--spring.profiles.active=demo"),
                environment, folder, folder.resolve("application.log"))) {
            Thread.sleep(Duration.ofSeconds(IDLE_SECONDS).toMillis());
            Matcher started = STARTED.matcher(application.output());
            assertThat(started.find()).as("Spring's start line in " + folder.resolve("application.log")).isTrue();
            Matcher resident = RESIDENT.matcher(Files.readString(Path.of("/proc", Long.toString(application.pid()),
                    "status")));
            assertThat(resident.find()).isTrue();
            return new Run(Double.parseDouble(started.group(1)), Long.parseLong(resident.group(1)) / 1024.0);
        }
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        return BenchmarkReport.median(runs.stream().mapToDouble(figure).toArray());
    }

    private record Run(double startSeconds, double residentMegabytes) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f s/%.0f MB", startSeconds, residentMegabytes);
        }
    }
}
