package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.e2e.CrashWalk.complete;
import static org.releasegate.e2e.CrashWalk.completedUserTasks;
import static org.releasegate.e2e.CrashWalk.startRelease;
import static org.releasegate.e2e.CrashWalk.variable;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_DATA_DIGEST;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.TestPostgres;
import org.releasegate.environment.Environments;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.worker.StepTopics;

/**
 * Two engine nodes, each a JVM on a host of its own ({@link NetworkHosts}: its network namespace and address), on one
 * PostgreSQL database that both reach over their links, and the same folders (a share), as two servers behind a load
 * balancer would run (docs/operations.md, "Two engine nodes"): both started at once on an empty database set it up
 * once; a release walked on both, the node running the copy of production's data killed with SIGKILL in the middle of
 * it, is carried on by the other once the step's lock has run out, and loses nothing and does nothing twice. The
 * window's timer, brought forward, is due on both nodes' job executors at once and runs once; the node that takes
 * olivia's confirmation of production is killed right after it, and the other ends the release. Logs in
 * {@code target/two-nodes/}. Where namespaces cannot be made, fails in CI and is skipped elsewhere, saying why.
 * The release is walked on the two nodes of the start-up race: three starts of a node in all (one cluster, one
 * PostgreSQL), where the race and the release each built their own before (five starts, 132 s in CI).
 */
class TwoEngineNodesTest {

    /** The copy writes test's data: it is published on test's topic (an agent of test's server would take it). */
    private static final String COPY_TOPIC = StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST);

    private static final String DATABASE = "rg_two_nodes";
    private static final Path OUTPUT = Path.of("target", "two-nodes").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final long MIB = 1 << 20;
    /** The step's lock, shortened from its default (60 s): the surviving node takes the copy over once it runs out. */
    private static final Duration LOCK = Duration.ofSeconds(10);

    private NetworkHosts network;
    private TestPostgres postgres;
    private DemoHome home;

    @AfterEach
    void stopAndCleanUp() throws Exception {
        if (home != null) {
            home.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (network != null) {
            network.close();
        }
    }

    /**
     * Two hosts of their own, {@code a} and {@code b}, and the engine's database on the test machine, which each node
     * reaches over its own link (as a database server on the company's network), empty.
     */
    private void buildCluster() throws Exception {
        network = NetworkHosts.create("a", "b");
        home = DemoHome.create("release-gate-two-nodes");
        postgres = TestPostgres.startListeningOn(Files.createTempDirectory("release-gate-two-nodes-pg"),
                network.gateway(), network.network());
        postgres.executeAsSuperuser("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + TestPostgres.ROLE);
    }

    /**
     * One cluster, one pair of nodes for both halves (each start of a node costs tens of seconds): the start-up race
     * on the empty database, then a release walked on the nodes it started.
     */
    @Test
    void twoNodesStartedAtOnceSetUpTheDatabaseOnceThenCarryAReleaseThroughTheKillOfEither() throws Exception {
        buildCluster();
        List<ChildApplication> nodes = new ArrayList<>(startAtOnce("a", "b"));
        bothStartedAtOnceOnAnEmptyDatabaseSetItUpOnce(nodes);
        aReleaseRunsOnBothNodesAndTheOneKilledDuringTheCopyIsReplacedByTheOther(nodes);
    }

    private void bothStartedAtOnceOnAnEmptyDatabaseSetItUpOnce(List<ChildApplication> nodes) throws Exception {
        String logs = nodes.get(0).output() + nodes.get(1).output();
        assertThat(logs).as("the two starts overlapped: one node waited for the other's start-up")
                .contains("Another engine node is starting on this database");

        for (ChildApplication node : nodes) {
            ApplicationClient rest = node.rest();
            assertThat(rest.as("admin").getJson("/deployment?name=release-gate")).as("one deployment of the models").hasSize(1);
            assertThat(rest.as("admin").getJson("/process-definition?key=" + ReleasePolicy.PROCESS_KEY))
                    .as("one version of the release policy").hasSize(1);
            Map<String, Integer> filters = new HashMap<>();
            rest.as("admin").getJson("/filter").forEach(filter -> filters.merge(filter.path("name").asText(), 1, Integer::sum));
            assertThat(filters).as("Tasklist's filters, each once").isNotEmpty().allSatisfy((name, count) ->
                    assertThat(count).as(name).isEqualTo(1));
            assertThat(rest.as("admin").getJson("/user?memberOfGroup=responsables-mep")).as("the demo's release managers once")
                    .extracting(user -> user.path("id").asText()).containsExactlyInAnyOrder("marie", "paul");
        }
        Path demo = home.demo();
        assertThat(demo.resolve(".demo-ready")).as("the demo laid out").exists();
        assertThat(CrashWalk.siblings(demo.resolve("archives"), name -> true)).as("the demo's archive, once")
                .containsExactly("installer-1.0-demo");
        assertThat(CrashWalk.siblings(demo.resolve("inbox"), name -> true))
                .containsExactly("gestan-1.0.zip", "gestan-1.1.zip", "road-book.md");
    }

    private void aReleaseRunsOnBothNodesAndTheOneKilledDuringTheCopyIsReplacedByTheOther(List<ChildApplication> nodes)
            throws Exception {
        Path demo = home.demo();
        Path productionData = home.data(Environments.PRODUCTION);
        Path testData = home.data(Environments.TEST);
        Path archiveRoot = home.archives();

        // Production's data made big enough (256 MiB) for the copy to take seconds, and an earlier copy on test.
        CrashWalk.writeBulkData(productionData.resolve("bulk"));
        Files.createDirectories(testData);
        Files.writeString(testData.resolve("jeu-precedent.txt"), "copie de la mise en production précédente\n");
        String productionBefore = treeSha256(productionData);
        String oldTestCopy = treeSha256(testData);
        Path programBefore = Files.readSymbolicLink(demo.resolve("production/app/current"));

        String releaseId = startRelease(nodes.get(0).rest());

        // Whichever node's worker fetched the copy runs it: kill that one in the middle of it.
        JsonNode copy = waitFor("the copy locked by a worker", () -> {
            JsonNode tasks = nodes.get(1).rest().as("admin").getJson("/external-task?locked=true&topicName="
                    + COPY_TOPIC);
            return tasks.size() == 1 ? tasks.get(0) : null;
        });
        int copying = nodeOf(nodes, copy.path("workerId").asText());
        ChildApplication survivor = nodes.get(1 - copying);
        Path staging = CrashWalk.awaitGrowing("the staged copy of production", testData.getParent(),
                name -> name.startsWith(".data.staging-"), 8 * MIB, TIMEOUT);
        nodes.get(copying).kill();
        long stagedAtKill = CrashWalk.sizeOf(staging);
        assertThat(staging).as("killed during the copy: its staging folder is there").isDirectory();
        JsonNode held = survivor.rest().as("admin").getJson("/external-task/" + copy.path("id").asText());
        assertThat(held.path("workerId").asText()).as("right after the kill, the dead node's worker still holds the copy")
                .isEqualTo(copy.path("workerId").asText());
        Instant lockRunsOut = OffsetDateTime.parse(held.path("lockExpirationTime").asText(), REST_DATE).toInstant();
        assertThat(treeSha256(testData)).as("after the kill, test holds the old or the new complete copy")
                .isIn(oldTestCopy, productionBefore);
        assertThat(treeSha256(productionData)).as("production after the kill").isEqualTo(productionBefore);

        // The survivor takes the copy over once the lock has run out, and the release goes on on it.
        List<JsonNode> changes = waitForTasks(survivor.rest(), releaseId, Elements.VERIFY_CHANGE, 3);
        JsonNode copied = survivor.rest().as("admin").getJson("/history/external-task-log?successLog=true&processInstanceId="
                + releaseId + "&topicName=" + COPY_TOPIC);
        assertThat(copied).as("the copy completed once").hasSize(1);
        assertThat(copied.get(0).path("workerId").asText()).as("by the surviving node")
                .isNotEqualTo(copy.path("workerId").asText());
        assertThat(nodeOf(nodes, copied.get(0).path("workerId").asText())).isEqualTo(1 - copying);
        Instant copiedAt = OffsetDateTime.parse(copied.get(0).path("timestamp").asText(), REST_DATE).toInstant();
        assertThat(copiedAt).as("taken over once the dead node's lock had run out, not before").isAfter(lockRunsOut);
        assertThat(variable(survivor.rest(), releaseId, TEST_DATA_DIGEST.name()))
                .as("the copy made by the survivor is production's complete data").isEqualTo(productionBefore);
        assertThat(FolderDigest.of(testData.resolve("bulk"))).isEqualTo(FolderDigest.of(productionData.resolve("bulk")));
        assertThat(testData.resolve("jeu-precedent.txt")).doesNotExist();
        assertThat(CrashWalk.siblings(testData.getParent(), name -> name.startsWith(".data.")))
                .as("leftovers of the dead node's copy").isEmpty();

        // The operator restarts the killed node; people then work on either node, alternately.
        nodes.set(copying, start(copying == 0 ? "a" : "b"));
        assertThat(nodes.get(copying).rest().as("admin").getJson("/process-definition?key=" + ReleasePolicy.PROCESS_KEY))
                .as("the node that joined again deployed no second version").hasSize(1);
        int turn = 0;
        for (JsonNode task : changes) {
            complete(nodes.get(turn++ % 2).rest(), "theo", task, Map.of(VERDICT.name(), "OK"));
        }
        for (JsonNode task : waitForTasks(nodes.get(turn % 2).rest(), releaseId, Elements.VERIFY_STRATEGIC_PROCESS, 3)) {
            complete(nodes.get(turn++ % 2).rest(), "karim", task, Map.of(VERDICT.name(), "OK"));
        }
        complete(nodes.get(turn++ % 2).rest(), "paul",
                waitForTasks(nodes.get(0).rest(), releaseId, Elements.FINAL_ACCEPTANCE, 1).get(0),
                Map.of(ACCEPTANCE_DECISION.name(), Choices.ACCEPTED));

        // The production window: its timer brought forward by an administrator; both nodes' job executors see it due.
        JsonNode window = waitFor("the release waiting for its window", () -> {
            JsonNode jobs = nodes.get(1).rest().as("admin").getJson("/job?timers=true&activityId="
                    + Elements.PRODUCTION_WINDOW_REACHED + "&processInstanceId=" + releaseId);
            return jobs.size() == 1 ? jobs.get(0) : null;
        });
        assertThat(treeSha256(productionData)).as("production before its window").isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(demo.resolve("production/app/current"))).isEqualTo(programBefore);
        ApplicationClient.Response moved = nodes.get(0).rest().as("admin").send("PUT",
                "/job/" + window.path("id").asText() + "/duedate",
                Map.of("duedate", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).format(REST_DATE)));
        assertThat(moved.status()).as("the window brought forward: %s", moved.body()).isEqualTo(204);

        // olivia's confirmation answered by a node killed right after: what it answered is committed, the other node
        // reopens production and ends the release.
        int confirming = turn % 2;
        JsonNode confirmation = waitForTasks(nodes.get(confirming).rest(), releaseId, Elements.CONFIRM_PRODUCTION, 1)
                .get(0);
        complete(nodes.get(confirming).rest(), "olivia", confirmation,
                Map.of(PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK));
        nodes.get(confirming).kill();
        ApplicationClient rest = nodes.get(1 - confirming).rest();
        assertThat(rest.as("admin").getJson("/history/task?finished=true&taskId=" + confirmation.path("id").asText()))
                .as("olivia's confirmation, answered by the killed node, is kept").hasSize(1);
        waitFor("the release ended", () -> "COMPLETED".equals(rest.as("admin").getJson("/history/process-instance/"
                + releaseId).path("state").asText()) ? true : null);

        assertThat(rest.as("admin").getJson("/history/activity-instance?processInstanceId=" + releaseId + "&activityId="
                + Elements.END_IN_PRODUCTION)).as("the release ends in production").hasSize(1);
        assertThat(Files.readString(productionData.resolve("schema-version")).strip()).isEqualTo("1.1");
        assertThat(Files.readSymbolicLink(demo.resolve("production/app/current"))).isNotEqualTo(programBefore);
        assertThat(completedUserTasks(rest, releaseId)).as("every person's task completed once, none lost, none twice")
                .isEqualTo(Map.of(Elements.VERIFY_CHANGE, 3, Elements.VERIFY_STRATEGIC_PROCESS, 3,
                        Elements.FINAL_ACCEPTANCE, 1, Elements.CONFIRM_PRODUCTION, 1));
        for (String element : List.of(Elements.COPY_PRODUCTION_DATA, Elements.INSTALL_ON_TEST,
                Elements.PLAN_VERIFICATIONS, Elements.ARCHIVE_PRODUCTION_BASE, Elements.PRODUCTION_WINDOW_REACHED,
                Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA, Elements.ARCHIVE_INSTALLER,
                Elements.DRILL_RESTORE, Elements.INSTALL_IN_PRODUCTION, Elements.START_PRODUCTION,
                Elements.CHECK_PRODUCTION_HEALTH, Elements.REOPEN_PRODUCTION)) {
            assertThat(rest.as("admin").getJson("/history/activity-instance?processInstanceId=" + releaseId + "&activityId="
                    + element)).as("%s ran to its end once", element).hasSize(1)
                    .allSatisfy(instance -> assertThat(instance.path("endTime").isNull()).isFalse());
        }
        Map<String, Integer> completedSteps = new LinkedHashMap<>();
        List<String> workers = new ArrayList<>();
        for (JsonNode entry : rest.as("admin").getJson("/history/external-task-log?successLog=true&processInstanceId="
                + releaseId)) {
            completedSteps.merge(entry.path("topicName").asText(), 1, Integer::sum);
            workers.add(entry.path("topicName").asText() + " by " + entry.path("workerId").asText());
        }
        System.out.println("Steps of the release on two nodes (copy killed on node " + (copying == 0 ? "a" : "b")
                + " with " + stagedAtKill / MIB + " MiB staged):\n  " + String.join("\n  ", workers));
        assertThat(completedSteps).as("each step completed once").allSatisfy((topic, count) ->
                assertThat(count).as(topic).isEqualTo(1));
        assertThat(completedSteps).containsKeys(COPY_TOPIC, Topics.ARCHIVE_PRODUCTION_DATA,
                StepTopics.of(Topics.INSTALL_VERSION, Environments.TEST),
                StepTopics.of(Topics.INSTALL_VERSION, Environments.PRODUCTION));

        ArchiveStore archives = new ArchiveStore(archiveRoot, java.time.Clock.systemUTC(),
                new com.fasterxml.jackson.databind.ObjectMapper());
        List<String> archived = CrashWalk.siblings(archiveRoot, name -> !name.startsWith("."));
        assertThat(archived).as("one archive of each kind: the demo's installer, production's base and data, 1.1's installer")
                .hasSize(4).contains("installer-1.0-demo")
                .satisfiesOnlyOnce(id -> assertThat(id).startsWith("production-base-"))
                .satisfiesOnlyOnce(id -> assertThat(id).startsWith("production-data-"));
        for (String id : archived) {
            archives.verify(id, VerificationDepth.DEEP);
        }
        assertThat(CrashWalk.siblings(archiveRoot, name -> name.startsWith("."))).as("temporary folders").isEmpty();
    }

    private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** Both nodes launched at the same moment; returns once both answer. */
    private List<ChildApplication> startAtOnce(String... names) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(names.length);
        try {
            List<Future<ChildApplication>> starts = new ArrayList<>();
            for (String name : names) {
                starts.add(starting.submit(() -> start(name)));
            }
            List<ChildApplication> nodes = new ArrayList<>();
            for (Future<ChildApplication> start : starts) {
                nodes.add(start.get());
            }
            return nodes;
        } finally {
            starting.shutdown();
        }
    }

    /** A node on its host: the demo on the shared database (reached over the host's link) and folders, its own log. */
    private ChildApplication start(String name) throws Exception {
        List<String> arguments = home.nodeArguments("demo,postgres", LOCK);
        // A job a killed node had acquired (an async continuation, the window's timer) is free after 10 s rather than
        // Camunda's 5 min.
        arguments.add("--camunda.bpm.job-execution.lock-time-in-millis=10000");
        return home.track(ChildApplication.startOn(network.host(name), arguments,
                Map.of("RELEASEGATE_DB_URL", postgres.url(network.gateway(), DATABASE),
                        "RELEASEGATE_DB_USER", TestPostgres.ROLE, "RELEASEGATE_DB_PASSWORD", TestPostgres.PASSWORD),
                OUTPUT.resolve(getClass().getSimpleName() + "-" + name + ".log")));
    }

    /** Which node's worker that is: worker ids carry the JVM's pid (worker/WorkerClient). */
    private static int nodeOf(List<ChildApplication> nodes, String workerId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (workerId.contains("/" + nodes.get(i).pid() + "-")) {
                return i;
            }
        }
        throw new AssertionError("worker " + workerId + " is neither node's");
    }

    private static List<JsonNode> waitForTasks(ApplicationClient rest, String releaseId, String taskKey, int count) {
        return CrashWalk.waitForTasks(rest, releaseId, taskKey, count, TIMEOUT, OUTPUT);
    }

    private static <T> T waitFor(String what, Callable<T> condition) {
        return CrashWalk.waitFor(what, TIMEOUT, OUTPUT, condition);
    }

    private static String treeSha256(Path folder) throws IOException {
        return FolderDigest.treeSha256(FolderDigest.of(folder));
    }
}
