package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.AgentHosts;
import org.releasegate.e2e.ChildApplication;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.process.ReleasePolicy.Vars;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.worker.StepTopics;

/**
 * {@code remote-copy}: production's data, the ERP-like folder of {@link StorageBenchmark} (about 400 MB), copied from
 * the production server to the test server built with network namespaces ({@link AgentHosts}: engine, prod and test,
 * each its own address and JVM), against the pipeline an administrator would type over the same links.
 * <ul>
 * <li>ours: the copy step of a release, as it runs with both agents remote — test's agent asks the engine node,
 * production's agent streams the folder to the engine node (hashing each file as it reads it), the engine node relays
 * it and hashes it again, test's agent stages it, hashes it a third time, checks count, size and tree, fsyncs and
 * swaps it in. Timed from the step's creation to its success, as the engine's history records them (a release is
 * started for each run, and deleted once it waits for people);</li>
 * <li>baseline: {@code tar -cf - -C data . | tee >(sha256sum) | nc -N test PORT} on the production server into
 * {@code nc -l PORT | tee >(sha256sum) | tar -xf - -C dst; sync -f dst} on the test server, the two digests compared:
 * one hop instead of two, one hash per side instead of three, no staging or swap.</li>
 * </ul>
 * One unmeasured run of each, then {@value #RUNS} alternate runs; medians. The links are the namespaces' veth pairs,
 * without a rate limit: the figure is what the copy costs in processor and disk, not what a network allows. Needs root,
 * iproute2, {@code tar}, {@code nc} (netcat-openbsd, {@code .ci/install-benchmark-tools}) and {@code sha256sum}. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=RemoteCopyBenchmark}.
 */
class RemoteCopyBenchmark {

    private static final int RUNS = 5;
    private static final int PORT = 9000;
    private static final Path OUTPUT = Path.of("target", "remote-copy-benchmark").toAbsolutePath();
    private static final String COPY_TOPIC = StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST);
    private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Test
    void copyThroughTheEngineAgainstTarOverNetcat() throws Exception {
        for (String tool : List.of("tar", "nc", "sha256sum", "ip")) {
            assertThat(Shell.has(tool)).as("%s on the PATH (sudo bash .ci/install-benchmark-tools)", tool).isTrue();
        }
        BenchmarkReport.note("RemoteCopyBenchmark: ratio = ours_s / baseline_s; medians of " + RUNS + " alternate runs"
                + " after one unmeasured run of each side");
        BenchmarkReport.note("load average at start: " + Shell.loadAverage());
        StorageBenchmark.erpData();
        Files.createDirectories(OUTPUT);
        try (AgentHosts hosts = AgentHosts.create()) {
            Path productionData = hosts.server("prod").resolve("data");
            ChildApplication engine = hosts.startEngine(OUTPUT.resolve("engine.log"));
            awaitTrue("the demo laid out", () -> Files.exists(hosts.home().resolve(".demo-ready")));
            Shell.run("cp -a " + StorageBenchmark.SOURCE + " " + productionData.resolve("erp"), Map.of());
            for (String server : List.of("prod", "test")) {
                Files.createDirectories(hosts.server(server).resolve("inbox"));
            }
            hosts.startAgent(engine, Environments.PRODUCTION, OUTPUT.resolve("prod-agent.log"), new ArrayList<>());
            hosts.startAgent(engine, Environments.TEST, OUTPUT.resolve("test-agent.log"), new ArrayList<>());
            String productionTree = FolderDigest.treeSha256(FolderDigest.of(productionData));
            long bytes = ErpFolder.size(productionData);
            BenchmarkReport.note(String.format(Locale.ROOT, "data: production's folder, %.1f MB in %d files",
                    bytes / 1e6, FolderDigest.of(productionData).size()));

            Baseline baseline = new Baseline(hosts, productionData);
            String loadBefore = Shell.loadAverage();
            copyThroughTheEngine(engine, productionTree);
            baseline.run();
            double[] ours = new double[RUNS];
            double[] bare = new double[RUNS];
            double[][] phases = new double[3][RUNS];
            for (int i = 0; i < RUNS; i++) {
                ours[i] = copyThroughTheEngine(engine, productionTree);
                double[] phase = phasesOfTheLastCopy();
                for (int p = 0; p < phase.length; p++) {
                    phases[p][i] = phase[p];
                }
                bare[i] = baseline.run();
            }
            assertThat(FolderDigest.treeSha256(FolderDigest.of(baseline.destination)))
                    .as("the baseline's copy is production's data").isEqualTo(productionTree);
            double oursMedian = BenchmarkReport.median(ours);
            double baselineMedian = BenchmarkReport.median(bare);
            BenchmarkReport.compare("remote-copy", oursMedian, baselineMedian);
            BenchmarkReport.note(String.format(Locale.ROOT, "remote-copy: ours %.0f MB/s, tar|nc %.0f MB/s; runs ours %s,"
                            + " baseline %s; load %s → %s", bytes / 1e6 / oursMedian, bytes / 1e6 / baselineMedian,
                    seconds(ours), seconds(bare), loadBefore, Shell.loadAverage()));
            BenchmarkReport.note(String.format(Locale.ROOT, "remote-copy phases (medians): step created to production's"
                            + " agent sending %.2f s, the stream through the engine to test's agent's check of its end"
                            + " %.2f s, then fsync, swap and the step's completion %.2f s",
                    BenchmarkReport.median(phases[0]), BenchmarkReport.median(phases[1]),
                    BenchmarkReport.median(phases[2])));
        }
    }

    private static Instant lastCreated;
    private static Instant lastSucceeded;

    /**
     * The last copy's phases in seconds, from the engine's history and production's agent's log (one clock): until
     * the agent starts sending, until it learns the stream was received whole, and from then to the step's success.
     */
    private static double[] phasesOfTheLastCopy() throws IOException {
        Instant asked = null;
        Instant sent = null;
        for (String line : Files.readAllLines(OUTPUT.resolve("prod-agent.log"))) {
            if (line.contains("Release Gate asks for production's data")) {
                asked = Instant.parse(line.substring(0, line.indexOf(' ')));
            } else if (line.contains("production's data sent and received whole")) {
                sent = Instant.parse(line.substring(0, line.indexOf(' ')));
            }
        }
        assertThat(asked).as("production's agent sent the last copy").isNotNull();
        return new double[] {Duration.between(lastCreated, asked).toMillis() / 1000.0,
                Duration.between(asked, sent).toMillis() / 1000.0, Duration.between(sent, lastSucceeded).toMillis()
                / 1000.0};
    }

    /**
     * One copy step: a release started, the step's seconds from its creation to its success (engine's history), the
     * release deleted once the copy, the install on test and the planning are done and it waits for people.
     */
    private static double copyThroughTheEngine(ChildApplication engine, String productionTree) {
        ApplicationClient admin = engine.rest().as("admin");
        String releaseId = AgentHosts.startRelease(engine);
        JsonNode success = awaitValue("the copy completed", () -> {
            JsonNode logs = admin.getJson("/history/external-task-log?successLog=true&processInstanceId=" + releaseId
                    + "&topicName=" + COPY_TOPIC);
            return logs.size() == 1 ? logs.get(0) : null;
        });
        JsonNode created = admin.getJson("/history/external-task-log?creationLog=true&processInstanceId=" + releaseId
                + "&topicName=" + COPY_TOPIC);
        assertThat(admin.getJson("/history/external-task-log?failureLog=true&processInstanceId=" + releaseId
                + "&topicName=" + COPY_TOPIC)).as("a copy that did not fail on the way").isEmpty();
        JsonNode digest = admin.getJson("/history/variable-instance?processInstanceId=" + releaseId + "&variableName="
                + Vars.TEST_DATA_DIGEST.name());
        assertThat(digest.get(0).path("value").asText()).as("the copy is production's data").isEqualTo(productionTree);
        awaitValue("the release waiting for people", () -> admin.getJson("/task?processInstanceId=" + releaseId
                + "&taskDefinitionKey=" + Elements.VERIFY_CHANGE).size() > 0 ? true : null);
        assertThat(admin.delete("/process-instance/" + releaseId).status()).isEqualTo(204);
        lastCreated = instant(created.get(0));
        lastSucceeded = instant(success);
        return Duration.between(lastCreated, lastSucceeded).toMillis() / 1000.0;
    }

    /** tar | nc from the production server into nc | tar on the test server, with a SHA-256 of the stream on each. */
    private static final class Baseline {

        private final AgentHosts hosts;
        private final Path source;
        private final Path work;
        private final Path destination;

        Baseline(AgentHosts hosts, Path source) {
            this.hosts = hosts;
            this.source = source;
            this.work = hosts.server("test").resolve("baseline-work");
            this.destination = hosts.server("test").resolve("baseline-copy");
        }

        /** Seconds from the sender's start to the receiver's end, digests compared; the listener started untimed. */
        double run() throws Exception {
            FileTrees.deleteRecursively(destination);
            FileTrees.deleteRecursively(work);
            Files.createDirectories(destination);
            Files.createDirectories(work);
            Shell.run("sync", Map.of());
            Process receiver = onHost("test", "mkfifo " + work.resolve("in") + " && (sha256sum < " + work.resolve("in")
                    + " > " + work.resolve("received.sha") + " &) && nc -l " + PORT + " | tee " + work.resolve("in")
                    + " | tar -xf - -C " + destination + " && sync -f " + destination);
            awaitTrue("the baseline's listener", () -> {
                Process listening = new ProcessBuilder(concat(hosts.exec("test"), "ss", "-Hltn", "sport = :" + PORT))
                        .redirectErrorStream(true).start();
                String out = new String(listening.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                listening.waitFor();
                return out.contains(":" + PORT);
            });
            long start = System.nanoTime();
            Process sender = onHost("prod", "mkfifo " + work.resolve("out") + " && (sha256sum < " + work.resolve("out")
                    + " > " + work.resolve("sent.sha") + " &) && tar -cf - -C " + source + " . | tee "
                    + work.resolve("out") + " | nc -N " + hosts.address("test") + " " + PORT);
            finish(sender, "sender");
            finish(receiver, "receiver");
            String sent = awaitValue("the sender's digest", () -> digestIn(work.resolve("sent.sha")));
            String received = awaitValue("the receiver's digest", () -> digestIn(work.resolve("received.sha")));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(received).as("the stream received is the stream sent").isEqualTo(sent);
            return seconds;
        }

        private Process onHost(String host, String command) throws IOException {
            return new ProcessBuilder(concat(hosts.exec(host), "bash", "-o", "pipefail", "-c", command))
                    .redirectErrorStream(true).redirectOutput(OUTPUT.resolve("baseline-" + host + ".log").toFile())
                    .start();
        }

        private static void finish(Process process, String what) throws Exception {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the baseline's " + what + " did not end; see " + OUTPUT);
            }
            assertThat(process.exitValue()).as("the baseline's %s; see %s", what, OUTPUT).isZero();
        }

        /** The digest sha256sum wrote once it has written it whole (it ends after its input, in the background). */
        private static String digestIn(Path file) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            String text = Files.readString(file);
            return text.endsWith("\n") ? text.split("\\s+")[0] : null;
        }
    }

    private static List<String> concat(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }

    private static Instant instant(JsonNode log) {
        return OffsetDateTime.parse(log.path("timestamp").asText(), REST_DATE).toInstant();
    }

    private static void awaitTrue(String what, Callable<Boolean> condition) {
        awaitValue(what, () -> condition.call() ? true : null);
    }

    private static <T> T awaitValue(String what, Callable<T> condition) {
        return Awaitility.await(what).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .pollInSameThread().until(condition, Objects::nonNull);
    }

    private static String seconds(double[] values) {
        List<String> formatted = new ArrayList<>();
        for (double value : values) {
            formatted.add(String.format(Locale.ROOT, "%.2f", value));
        }
        return String.join("/", formatted);
    }
}
