package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.api.Forbidden;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.restore.LocalRestoreArchives;
import org.releasegate.restore.RestoreArchiveStep;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.ApiCaller;
import org.releasegate.worker.StepPlacement;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * A rollback whose restore production's agent runs, production's data reached by the engine node only through that
 * agent: the archives stay in the engine node's store and reach the agent extracted, checked, then checked again file
 * by file as they arrive; the pre-restore archive is production's snapshot that the agent's own order thread sends
 * while its restore waits for the engine node to archive it. In one JVM: the agent's code over HTTP (its restore step,
 * its order thread), the engine node's controllers on a real engine holding the restore's lock and a real archive
 * store; the servlet stack is replaced by the HTTP basic login it would have checked. Another agent, a person, or
 * production's agent without that lock is refused in French, and an archive with one byte altered is refused before
 * production is touched.
 */
class RestoreOnAgentTest {

    private static final String PRODUCTION_AGENT = AgentsEngineNode.PRODUCTION_AGENT;
    private static final String TEST_AGENT = AgentsEngineNode.TEST_AGENT;
    private static final String DATA_ARCHIVE = "production-data-1.0-t1";

    /** Short, so that a stream that stops saying it goes on is taken for a dead link within the test. */
    private static final TransferProperties SETTINGS = new TransferProperties(Duration.ofSeconds(2),
            Duration.ofSeconds(10));

    @TempDir
    Path dir;

    /** How long the engine node takes to archive production before the restore. */
    private volatile long archiveDelayMillis;

    private final Installer installer = new Installer(Clock.systemUTC());
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private ProcessEngine engine;
    private HttpServer node;
    private ArchiveStore archives;
    private DataArchives engineArchives;
    private Path production;
    private Path app;
    private Environments environments;
    private DataStores agentStores;
    private LockedExternalTask restore;
    private TransferSender orders;

    @BeforeEach
    void productionRunsOnePointOneWithItsAgent() throws IOException {
        production = Files.createDirectories(dir.resolve("production/data"));
        app = dir.resolve("production/app");
        environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(production);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        agentStores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(production, List.of()))
                .build();
        archives = new ArchiveStore(dir.resolve("archives"), Clock.systemUTC(), new ObjectMapper());

        Path package10 = writePackage(dir.resolve("inbox-1.0"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        Files.writeString(production.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.createDirectories(production.resolve("journal"));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
        archives.createFromFolder(DATA_ARCHIVE, ArchiveKind.PRODUCTION_DATA, "1.0", "production", production);
        Path package11 = writePackage(dir.resolve("inbox-1.1"), "1.1");
        archives.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        Files.writeString(production.resolve("clients.csv"), "id;nom;pays\n1;Dupont;FR\n2;Martin;BE\n");

        engine = AgentsEngineNode.engine("restore-on-agent-test", "Task_RestoreArchive", Topics.RESTORE_ARCHIVE,
                Map.of(DATA_ARCHIVE_ID.name(), DATA_ARCHIVE, PREVIOUS_PRODUCTION_VERSION.name(), "1.0"));
        restore = AgentsEngineNode.lockedByProductionsAgent(engine, Topics.RESTORE_ARCHIVE);

        // The engine node reaches production's data only through its agent: the pre-restore archive is the snapshot
        // the agent's order thread sends.
        AgentAccounts agents = AgentsEngineNode.agents();
        TransferProperties settings = SETTINGS;
        Transfers transfers = new Transfers(agents, settings);
        DataStores engineStores = new TestStores().withoutData(Environments.PRODUCTION)
                .build(new EngineRemoteData(transfers));
        IdentityService identity = engine.getIdentityService();
        CallingAgents callers = new CallingAgents(agents, new ApiCaller(identity), identity,
                engine.getExternalTaskService(), engine.getRuntimeService());
        engineArchives = new DataArchives(archives, engineStores, environments);
        LocalRestoreArchives engineNodes = new LocalRestoreArchives(archives, engineArchives) {
            @Override
            public PreRestore archiveProduction(String taskId, String runningVersion) throws IOException {
                try {
                    Thread.sleep(archiveDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.archiveProduction(taskId, runningVersion);
            }
        };
        RestoreArchivesController restores = new RestoreArchivesController(callers, engineNodes, settings);
        TransferController transferController = new TransferController(transfers, callers, engineStores, null);
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Tomcat's threads: the restore's request waits while the agent's order thread sends the snapshot.
        node.setExecutor(requests);
        node.createContext(TransferAuthentication.PATH + "/", exchange -> serve(exchange, restores,
                transferController, identity));
        node.start();
        orders = new TransferSender(link(PRODUCTION_AGENT), agentStores, agentInstallMethods(), settings,
                new StepPlacement(false, Set.of(Environments.PRODUCTION)));
        orders.start(null);
    }

    @AfterEach
    void stop() {
        if (orders != null) {
            orders.stop(null);
        }
        if (node != null) {
            node.stop(0);
        }
        requests.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void productionsAgentPutsBackTheProgramAndTheDataOnItsServer() throws Exception {
        List<FileDigest> before = FolderDigest.of(production);

        VariableMap result = step(PRODUCTION_AGENT).run(rollbackTask(restore.getId()));

        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(production.resolve("clients.csv")).hasContent("id;nom\n1;Dupont\n");
        assertThat(production.resolve("journal")).isEmptyDirectory();
        assertThat(PRODUCTION_VERSION.from(result)).isEqualTo("1.0");
        String preRestore = PRE_RESTORE_ARCHIVE_ID.from(result);
        assertThat(preRestore).isEqualTo("pre-restore-data-1.1-" + restore.getId());
        assertThat(engineArchives.contentOf(preRestore).sameContentAs(Fingerprint.ofFiles(before)))
                .as("the rollback loses nothing: the agent's snapshot, archived on the engine node").isTrue();
        assertThat(children(dir.resolve("production"))).as("no scratch space left on production's server")
                .containsExactlyInAnyOrder("app", "data");
        assertThat(children(archives.root())).as("nor on the engine node")
                .containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1", DATA_ARCHIVE, preRestore);
    }

    @Test
    void anArchiveLongerThanTheIdleTimeoutIsNotTakenForADeadLink() throws Exception {
        archiveDelayMillis = 3 * SETTINGS.idleTimeout().toMillis();

        VariableMap result = step(PRODUCTION_AGENT).run(rollbackTask(restore.getId()));

        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(production.resolve("clients.csv")).hasContent("id;nom\n1;Dupont\n");
        assertThat(PRE_RESTORE_ARCHIVE_ID.from(result)).isEqualTo("pre-restore-data-1.1-" + restore.getId());
    }

    @Test
    void anotherAgentAPersonOrProductionsAgentWithoutTheLockIsRefusedInFrench() throws Exception {
        String refusal = Messages.text("transfer.api.restore-agent-only");
        String task = restore.getId();
        for (String path : List.of(task + "/pre-restore", task + "/installer/1.0?running=false",
                task + "/data/" + DATA_ARCHIVE, task + "/content/" + DATA_ARCHIVE)) {
            assertThat(get(TEST_AGENT, path)).as("test's agent: %s", path).isEqualTo("403 " + refusal);
            assertThat(get("marie", path)).as("a person: %s", path).isEqualTo("403 " + refusal);
            assertThat(get(PRODUCTION_AGENT, path.replace(task, "another-task"))).as("another task: %s", path)
                    .isEqualTo("403 " + refusal);
        }
        assertThat(get(PRODUCTION_AGENT, task + "/data/installer-1.0-t0")).as("another archive than the release's")
                .isEqualTo("403 " + refusal);
        assertThat(get(PRODUCTION_AGENT, task + "/content/installer-1.1-t1")).isEqualTo("403 " + refusal);
        List<FileDigest> before = FolderDigest.of(production);
        assertThatThrownBy(() -> step(TEST_AGENT).run(rollbackTask(task))).isInstanceOf(IOException.class)
                .hasMessageContaining(refusal);

        engine.getExternalTaskService().unlock(task);
        assertThat(get(PRODUCTION_AGENT, task + "/pre-restore")).as("its lock given back")
                .isEqualTo("403 " + refusal);
        assertThatThrownBy(() -> step(PRODUCTION_AGENT).run(rollbackTask(task))).isInstanceOf(IOException.class)
                .hasMessageContaining(refusal);

        assertThat(installer.installedVersion(app)).as("production untouched").contains("1.1");
        assertThat(FolderDigest.of(production)).isEqualTo(before);
        assertThat(archives.list()).as("nothing archived").hasSize(3);
        assertThat(children(dir.resolve("production"))).containsExactlyInAnyOrder("app", "data");
    }

    @Test
    void anArchiveWithOneByteAlteredIsRefusedBeforeProductionIsTouched() throws Exception {
        List<FileDigest> before = FolderDigest.of(production);
        try (RandomAccessFile content = new RandomAccessFile(archives.root().resolve(DATA_ARCHIVE)
                .resolve(ArchiveStore.CONTENT_FILE).toFile(), "rw")) {
            content.seek(content.length() / 2);
            int b = content.read();
            content.seek(content.length() / 2);
            content.write(b ^ 0x01);
        }

        String reason = catchThrowable(() -> archives.extractTo(DATA_ARCHIVE, dir.resolve("check"))).getMessage();

        assertThatThrownBy(() -> step(PRODUCTION_AGENT).run(rollbackTask(restore.getId())))
                .as("the engine node's own reason, a rejection: a person decides")
                .isInstanceOf(RejectedInputException.class).hasMessage(reason);

        assertThat(installer.installedVersion(app)).as("production untouched").contains("1.1");
        assertThat(FolderDigest.of(production)).isEqualTo(before);
        assertThat(archives.list()).as("no pre-restore archive").hasSize(3);
        assertThat(children(dir.resolve("production"))).containsExactlyInAnyOrder("app", "data");
    }

    private RestoreArchiveStep step(String user) {
        return new RestoreArchiveStep(environments, new RemoteRestoreArchives(link(user), SETTINGS, agentStores),
                agentStores, agentInstallMethods());
    }

    private InstallMethods agentInstallMethods() {
        return new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC());
    }

    private EngineLink link(String user) {
        return AgentsEngineNode.link(node, user);
    }

    private static ExternalTask rollbackTask(String id) {
        return task(id, with(PREVIOUS_PRODUCTION_VERSION, "1.0").and(DATA_ARCHIVE_ID, DATA_ARCHIVE));
    }

    private String get(String user, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + node.getAddress().getPort() + RestoreArchivesController.PATH + path))
                .header("Authorization", AgentsEngineNode.basic(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    /**
     * What the servlet stack does on the engine node: the engine's authentication of the basic login (the agents in
     * the group {@code agents}), then the controllers' mappings, their refusals as their status.
     */
    private static void serve(HttpExchange exchange, RestoreArchivesController restores,
                              TransferController transfers, IdentityService identity) throws IOException {
        AgentsEngineNode.authenticate(exchange, identity);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getQuery();
        try {
            if (path.startsWith(RestoreArchivesController.PATH)) {
                List<String> parts = Stream.of(path.substring(RestoreArchivesController.PATH.length()).split("/"))
                        .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8)).toList();
                String task = parts.get(0);
                Streamed streamed = new Streamed(exchange);
                switch (parts.get(1)) {
                    case "pre-restore" -> {
                        if ("GET".equals(exchange.getRequestMethod())) {
                            ResponseEntity<?> answer = restores.preRestore(task);
                            AgentsEngineNode.respond(exchange, answer.getStatusCode().value(), answer.hasBody()
                                    ? new ObjectMapper().writeValueAsBytes(answer.getBody()) : new byte[0]);
                            return;
                        }
                        restores.archiveProduction(task, query.substring("version=".length()), streamed);
                    }
                    case "installer" -> restores.installer(task, parts.get(2), query.endsWith("=true"), streamed);
                    case "data" -> restores.data(task, parts.get(2), streamed);
                    default -> {
                        AgentsEngineNode.respond(exchange, 200, new ObjectMapper().writeValueAsBytes(restores.content(task,
                                parts.get(2))));
                        return;
                    }
                }
                streamed.end();
            } else if (path.endsWith("/orders")) {
                ResponseEntity<Map<String, String>> order = transfers.nextOrder();
                AgentsEngineNode.respond(exchange, order.getStatusCode().value(), order.hasBody()
                        ? new ObjectMapper().writeValueAsBytes(order.getBody()) : new byte[0]);
            } else {
                MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
                request.setContent(exchange.getRequestBody().readAllBytes());
                ResponseEntity<String> answer = transfers.send(path.substring(path.lastIndexOf('/') + 1), request);
                AgentsEngineNode.respond(exchange, answer.getStatusCode().value(), answer.getBody() == null ? new byte[0]
                        : answer.getBody().getBytes(StandardCharsets.UTF_8));
            }
        } catch (Forbidden refused) {
            AgentsEngineNode.respond(exchange, 403, refused.getMessage().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AgentsEngineNode.respond(exchange, 503, new byte[0]);
        } finally {
            identity.clearAuthentication();
        }
    }


    /** A controller's streamed answer, sent as it is written (chunked), as the servlet stack sends it. */
    private static final class Streamed extends MockHttpServletResponse {

        private final HttpExchange exchange;
        private boolean started;

        Streamed(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    start().write(b);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    start().write(buffer, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    start().flush();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        private OutputStream start() throws IOException {
            if (!started) {
                exchange.sendResponseHeaders(200, 0);
                started = true;
            }
            return exchange.getResponseBody();
        }

        void end() throws IOException {
            start().close();
        }
    }
}
