package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.e2e.CrashWalk.archiveFolders;
import static org.releasegate.e2e.CrashWalk.assertEachRanToItsEndOnce;
import static org.releasegate.e2e.CrashWalk.awaitCompleted;
import static org.releasegate.e2e.CrashWalk.awaitGrowing;
import static org.releasegate.e2e.CrashWalk.awaitWindow;
import static org.releasegate.e2e.CrashWalk.complete;
import static org.releasegate.e2e.CrashWalk.completedUserTasks;
import static org.releasegate.e2e.CrashWalk.digests;
import static org.releasegate.e2e.CrashWalk.migratingFile;
import static org.releasegate.e2e.CrashWalk.restorePreviousVersionNow;
import static org.releasegate.e2e.CrashWalk.siblings;
import static org.releasegate.e2e.CrashWalk.sizeOf;
import static org.releasegate.e2e.CrashWalk.startRelease;
import static org.releasegate.e2e.CrashWalk.treeSha256;
import static org.releasegate.e2e.CrashWalk.variable;
import static org.releasegate.e2e.CrashWalk.verifyAll;
import static org.releasegate.e2e.CrashWalk.waitFor;
import static org.releasegate.e2e.CrashWalk.waitForTasks;
import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.RESTORED_PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_WARNING;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_DATA_DIGEST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.environment.Environments;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.transfer.TransferProtocol;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.worker.StepTopics;

/**
 * Three machines built here with network namespaces ({@link NetworkHosts}): the engine node, the production server
 * and the test server, each its own address, folders and processes; production's and test's steps run by their agents.
 * One release is walked to its end through the REST API as the demo users do, and on the way production's link is cut
 * in the middle of the copy of its data to test (then restored), and production's agent is killed with SIGKILL in the
 * middle of its install; production is then found not conforming, and its agent puts the previous version back from
 * the archives in the engine node's store. Asserted as the crash tests assert: the test environment is the old or the new complete copy,
 * production is unchanged until its install and then complete in its new state, one archive of its data, every step
 * and task completed once — and the copy went production agent → engine node → test agent, checked at every hop. The
 * engine node declares no data of production's: the archive of the window is the snapshot production's agent streams.
 */
class RemoteAgentsTest {

    private static final String PRODUCTION_AGENT = AgentHosts.PRODUCTION_AGENT;
    private static final String TEST_AGENT = AgentHosts.TEST_AGENT;
    private static final int BULK_FILES = 4;
    private static final int BULK_FILE_MIB = 16;
    private static final long MIB = 1 << 20;
    private static final Path OUTPUT = Path.of("target", "remote-agents").toAbsolutePath();

    private AgentHosts hosts;

    @AfterEach
    void stopAndCleanUp() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void aReleaseWithBothAgentsRemoteSurvivesProductionsLinkCutDuringTheCopyAndItsAgentKilledDuringTheInstall()
            throws Exception {
        hosts = AgentHosts.create();
        NetworkHosts network = hosts.network();
        Path home = hosts.home();
        Path productionData = home.resolve("prod/data");
        Path installRoot = home.resolve("prod/app");
        Path testData = home.resolve("test/data");
        Path archiveRoot = home.resolve("engine/archives");
        Files.createDirectories(OUTPUT);

        // The demo lays production's folder out from the engine node's settings, once; the engine node is then
        // started again declaring no data of production's (type agent) and an install root of its own machine where
        // nothing is installed: it reaches production's data, and learns the version production runs, through
        // production's agent only.
        ChildApplication demo = hosts.startEngine(OUTPUT.resolve("engine-demo.log"));
        waitFor("the demo laid out", () -> Files.exists(home.resolve(".demo-ready")) ? true : null);
        demo.close();
        ChildApplication engine = hosts.startEngine(OUTPUT.resolve("engine.log"),
                "--releasegate.environments.production.data.type=agent",
                "--releasegate.environments.production.install-root="
                        + Files.createDirectories(home.resolve("engine/no-production-here")));
        ApplicationClient rest = engine.rest();
        assertThat(engine.output()).containsPattern("Workers subscribed to \\[[^\\]]*archive-production-data")
                .doesNotContainPattern("Workers subscribed to \\[[^\\]]*@(production|test)");
        CrashWalk.writeBulkData(productionData.resolve("bulk"), BULK_FILES, BULK_FILE_MIB);
        Path release = home.resolve("engine/inbox/gestan-1.1.zip");
        CrashWalk.writeSlowPackage(release);
        // The servers' own inboxes stay empty: each agent gets the package from the engine node's.
        for (String server : List.of("prod", "test")) {
            Files.createDirectories(home.resolve(server + "/inbox"));
        }
        Files.createDirectories(testData);
        Files.writeString(testData.resolve("schema-version"), "0.9\n");
        Files.writeString(testData.resolve("jeu-precedent.txt"), "copie de la mise en production précédente\n");
        String productionBefore = treeSha256(productionData);
        String oldTestCopy = treeSha256(testData);
        Path programBefore = Files.readSymbolicLink(installRoot.resolve("current"));
        // A slower link than a bridge in memory, so that the copy (64 MiB) lasts long enough to be cut in the middle.
        network.limit("prod", 100);

        List<String> productionTopics = new ArrayList<>();
        ChildApplication productionAgent = hosts.startAgent(engine, Environments.PRODUCTION,
                OUTPUT.resolve("prod-agent.log"), productionTopics);
        List<String> testTopics = new ArrayList<>();
        hosts.startAgent(engine, Environments.TEST, OUTPUT.resolve("test-agent.log"), testTopics);
        assertThat(productionTopics).allMatch(topic -> topic.endsWith("@production"));
        assertThat(testTopics).contains(StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST))
                .allMatch(topic -> topic.endsWith("@test"));

        ApplicationClient transfer = rest.at("/transfer");
        ApplicationClient testsLogin = transfer.as(TEST_AGENT, hosts.password(TEST_AGENT))
                .withHeader(TransferProtocol.HEADER, TransferProtocol.VERSION);
        ApplicationClient productionsLogin = transfer.as(PRODUCTION_AGENT, hosts.password(PRODUCTION_AGENT))
                .withHeader(TransferProtocol.HEADER, TransferProtocol.VERSION);
        assertThat(testsLogin.get("/data/production").status())
                .as("production's data for test's agent while it runs no copy").isEqualTo(403);
        assertThat(productionsLogin.get("/package/gestan-1.1.zip").status())
                .as("the package for an agent that installs nothing").isEqualTo(403);
        assertThat(productionsLogin.get("/reached/production").json()
                .path("throughAgent").asBoolean()).as("production's data reached through its agent").isTrue();
        assertThat(testsLogin.get("/reached/test").json()
                .path("throughAgent").asBoolean()).as("test's data declared on the engine node").isFalse();
        assertThat(testsLogin.get("/reached/production").status())
                .as("another agent's environment").isEqualTo(403);

        String releaseId = startRelease(rest);

        // 1. Production's link cut in the middle of the copy to test, then restored.
        String copyTopic = StepTopics.of(Topics.COPY_PRODUCTION_DATA, Environments.TEST);
        Path staging = awaitGrowing("the staged copy on the test server", testData.getParent(),
                name -> name.startsWith(".data.staging-"), 8 * MIB);
        network.cut("prod");
        long stagedAtCut = sizeOf(staging);
        JsonNode failed = waitFor("the copy given up after the cut", () -> {
            JsonNode tasks = rest.as("admin").getJson("/external-task?topicName=" + copyTopic + "&processInstanceId="
                    + releaseId);
            return tasks.size() == 1 && !tasks.get(0).path("errorMessage").isNull() ? tasks.get(0) : null;
        });
        waitFor("the dead copy's staging folder removed", () -> Files.exists(staging) ? null : true);
        assertThat(treeSha256(testData)).as("test after the cut: the old complete copy").isEqualTo(oldTestCopy);
        assertThat(treeSha256(productionData)).as("production after the cut").isEqualTo(productionBefore);
        network.restore("prod");

        List<JsonNode> changes = waitForTasks(rest, releaseId, Elements.VERIFY_CHANGE, 3);
        assertThat(variable(rest, releaseId, TEST_DATA_DIGEST.name())).as("the copy redone after the link came back "
                + "is production's complete data").isEqualTo(productionBefore);
        assertThat(digests(testData.resolve("bulk"))).as("test holds the new copy (then migrated)")
                .isEqualTo(digests(productionData.resolve("bulk")));
        assertThat(testData.resolve("jeu-precedent.txt")).doesNotExist();
        // The replaced copy is deleted after the swap, beside the step: gone soon after, without a copy to wait for.
        waitFor("no leftovers on test", () -> siblings(testData.getParent(), name -> name.startsWith(".data."))
                .isEmpty() ? true : null);
        assertThat(treeSha256(productionData)).as("production after the copy").isEqualTo(productionBefore);
        assertThat(engine.output()).as("the engine node relayed it, checked")
                .contains("production's data relayed to " + TEST_AGENT + ", checked on the way");
        assertThat(productionAgent.output()).as("production's agent sent it").contains("production's data sent and "
                + "received whole");

        // Production's data is reached only through its agent, which restores it: a rollback is possible.
        JsonNode acceptance = verifyAll(rest, releaseId, changes);
        assertThat(rest.as("paul").get("/task/" + acceptance.path("id").asText() + "/localVariables/"
                + ROLLBACK_WARNING.name()).json().path("value").asText()).as("the acceptance's rollback warning")
                .isEmpty();
        complete(rest, "paul", acceptance, Map.of(ACCEPTANCE_DECISION.name(), Choices.ACCEPTED));
        JsonNode window = awaitWindow(rest, releaseId, Elements.PRODUCTION_WINDOW_REACHED);
        assertThat(treeSha256(productionData)).as("production before its window").isEqualTo(productionBefore);
        assertThat(rest.as("admin").post("/job/" + window.path("id").asText() + "/execute", null).status())
                .isEqualTo(204);

        // 2. Production's agent killed with SIGKILL in the middle of the install, while the migration rewrites data.
        Path migrating = waitFor("the migration of production's data", () -> migratingFile(productionData
                .getParent()));
        productionAgent.kill();
        assertThat(treeSha256(productionData)).as("production's data after the kill during its install (at %s)",
                migrating.getFileName()).isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("production's program after the kill")
                .isEqualTo(programBefore);
        hosts.startAgent(engine, Environments.PRODUCTION, OUTPUT.resolve("prod-agent.log"), new ArrayList<>());

        JsonNode confirmation = waitForTasks(rest, releaseId, Elements.CONFIRM_PRODUCTION, 1).get(0);
        assertThat(Files.readString(productionData.resolve("schema-version")).strip()).isEqualTo("1.1");
        assertThat(digests(productionData.resolve("bulk"))).as("production's bulk data went through the migration")
                .isEqualTo(digests(testData.resolve("bulk")));
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).isNotEqualTo(programBefore);
        assertThat(siblings(productionData.getParent(), name -> name.startsWith(".data."))).as("leftovers of the "
                + "killed install").isEmpty();
        String productionAfterInstall = treeSha256(productionData);

        // 3. Production is not conforming: production's agent puts the previous version back, its archives streamed
        // from the engine node's store.
        restorePreviousVersionNow(rest, releaseId, confirmation);
        complete(rest, "olivia", waitForTasks(rest, releaseId, Elements.CONFIRM_RESTORED_PRODUCTION, 1).get(0),
                Map.of(RESTORED_PRODUCTION_VERDICT.name(), Choices.PRODUCTION_OK));
        awaitCompleted(rest, releaseId);
        assertThat(treeSha256(productionData)).as("production's data restored byte for byte on its server")
                .isEqualTo(productionBefore);
        assertThat(Files.readSymbolicLink(installRoot.resolve("current"))).as("production's previous program")
                .isEqualTo(programBefore);
        // The replaced data is deleted after the swap, beside the step: gone soon after.
        waitFor("no leftovers of the restore on production's server", () -> siblings(productionData.getParent(),
                name -> name.startsWith(".")).isEmpty() ? true : null);
        assertCompletedOnceBy(rest, releaseId, StepTopics.of(Topics.RESTORE_ARCHIVE, Environments.PRODUCTION),
                PRODUCTION_AGENT);

        ArchiveStore archives = new ArchiveStore(archiveRoot, Clock.systemUTC(), new ObjectMapper());
        String dataArchiveId = variable(rest, releaseId, DATA_ARCHIVE_ID.name());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("production-data-")))
                .as("one archive of production's data").containsExactly(dataArchiveId);
        Archive dataArchive = archives.verify(dataArchiveId, VerificationDepth.DEEP);
        assertThat(dataArchive.version()).as("the version production ran, read by its agent").isEqualTo("1.0");
        assertThat(new DataArchives(archives, null, null).contentOf(dataArchiveId).sha256())
                .as("the archive holds production as it was before the install (the snapshot streamed by its agent)")
                .isEqualTo(productionBefore);
        assertThat(dataArchive.source()).as("taken through production's agent").isEqualTo("production:agent "
                + PRODUCTION_AGENT);
        assertThat(engine.output()).as("the snapshot streamed by production's agent, checked on arrival")
                .contains("Snapshot of production's directory store received from " + PRODUCTION_AGENT);
        assertThat(productionAgent.output()).as("production's agent sent it whole")
                .containsPattern("production's data sent and received whole \\(transfer \\w+, snapshot\\)");
        String preRestoreId = variable(rest, releaseId, PRE_RESTORE_ARCHIVE_ID.name());
        assertThat(archiveFolders(archiveRoot).stream().filter(id -> id.startsWith("pre-restore-data-")))
                .as("one archive of production before the restore, on the engine node").containsExactly(preRestoreId);
        assertThat(archives.verify(preRestoreId, VerificationDepth.DEEP).version()).isEqualTo("1.1");
        assertThat(new DataArchives(archives, null, null).contentOf(preRestoreId).sha256())
                .as("the rollback loses nothing (the snapshot streamed by production's agent)")
                .isEqualTo(productionAfterInstall);
        assertThat(engine.output()).as("the archives streamed to production's agent for its restore")
                .contains("sent to " + PRODUCTION_AGENT + " for its restore of production");
        assertThat(siblings(archiveRoot, name -> name.startsWith("."))).as("temporary archive folders").isEmpty();
        for (String server : List.of("prod", "test")) {
            assertThat(home.resolve(server + "/inbox")).as("the package reached %s from the engine node", server)
                    .isEmptyDirectory();
            assertThat(home.resolve(server + "/app/.incoming")).as("no private copy left on %s", server)
                    .satisfiesAnyOf(incoming -> assertThat(incoming).doesNotExist(),
                            incoming -> assertThat(incoming).isEmptyDirectory());
        }
        assertThat(engine.output()).as("the package sent to each agent, with its SHA-256")
                .contains("Package gestan-1.1.zip sent to " + TEST_AGENT)
                .contains("Package gestan-1.1.zip sent to " + PRODUCTION_AGENT);
        assertThat(completedUserTasks(rest, releaseId)).as("every person's task completed once")
                .isEqualTo(Map.of(Elements.VERIFY_CHANGE, 3, Elements.VERIFY_STRATEGIC_PROCESS, 3,
                        Elements.FINAL_ACCEPTANCE, 1, Elements.CONFIRM_PRODUCTION, 1, Elements.DECIDE_ROLLBACK, 1,
                        Elements.CONFIRM_RESTORED_PRODUCTION, 1));
        assertEachRanToItsEndOnce(rest, releaseId, List.of(Elements.COPY_PRODUCTION_DATA, Elements.INSTALL_ON_TEST,
                Elements.ARCHIVE_PRODUCTION_BASE, Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA,
                Elements.ARCHIVE_INSTALLER, Elements.INSTALL_IN_PRODUCTION, Elements.START_PRODUCTION,
                Elements.STOP_PRODUCTION_FOR_RESTORE, Elements.RESTORE_ARCHIVE, Elements.START_RESTORED_PRODUCTION,
                Elements.CHECK_RESTORED_HEALTH));
        assertCompletedOnceBy(rest, releaseId, copyTopic, TEST_AGENT);
        assertCompletedOnceBy(rest, releaseId, StepTopics.of(Topics.INSTALL_VERSION, Environments.TEST), TEST_AGENT);
        assertCompletedOnceBy(rest, releaseId, StepTopics.of(Topics.INSTALL_VERSION, Environments.PRODUCTION),
                PRODUCTION_AGENT);
        assertThat(rest.as("admin").getJson("/history/external-task-log/count?failureLog=true&processInstanceId="
                + releaseId + "&topicName=" + copyTopic).path("count").asLong())
                .as("the copy failed at least once while the link was cut").isPositive();

        String report = "remote agents at " + Instant.now() + ": link cut with " + stagedAtCut / MIB + " MiB of "
                + BULK_FILES * BULK_FILE_MIB + " MiB staged (" + failed.path("errorMessage").asText() + "); agent "
                + "killed while the migration rewrote " + migrating.getFileName() + "\n";
        System.out.print(report);
        Files.writeString(OUTPUT.resolve("report.txt"), report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static void assertCompletedOnceBy(ApplicationClient rest, String releaseId, String topic, String agent) {
        JsonNode successes = rest.as("admin").getJson("/history/external-task-log?successLog=true&processInstanceId="
                + releaseId + "&topicName=" + topic);
        assertThat(successes.findValuesAsText("workerId")).as("%s completed once, by %s", topic, agent)
                .singleElement().asString().startsWith(agent + "@");
    }
}
