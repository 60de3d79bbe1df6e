package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.api.Forbidden;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.FolderStream;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.process.ReleasePolicy.Vars;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.ApiCaller;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Production's install run by its agent: right after it, the agent takes the record of production's data as the
 * engine node would, from the fingerprint of the archive taken before the install fetched from the engine node, and
 * sends it there, where it lies beside that archive. In one JVM: the agent's code over HTTP, the engine node's
 * controller on a real engine holding the install's lock, a real archive store; the servlet stack is replaced by the
 * HTTP basic login it would have checked. Another agent, a person, or production's agent without that lock is
 * refused, in French, and a record that is not what it says is not recorded.
 */
class AfterInstallOnAgentTest {

    private static final String PRODUCTION_AGENT = AgentsEngineNode.PRODUCTION_AGENT;
    private static final String TEST_AGENT = AgentsEngineNode.TEST_AGENT;
    private static final String ARCHIVE = "data-before-1.1";

    @TempDir
    Path dir;

    private ProcessEngine engine;
    private HttpServer node;
    private DataArchives dataArchives;
    private DataStores stores;
    private Environments environments;
    private Path production;
    private LockedExternalTask install;

    @BeforeEach
    void archiveProductionThenInstall() throws IOException {
        production = Files.createDirectories(dir.resolve("production/data"));
        Files.writeString(production.resolve("clients.csv"), "id;nom\nC1;Alpha\n");
        Files.writeString(Files.createDirectories(production.resolve("exports")).resolve("devis.csv"), "id\nD1\n");
        Files.writeString(production.resolve("base.db"), "avant");
        environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(production);
        when(environments.dataFolderIfDirectory(Environments.PRODUCTION)).thenReturn(Optional.of(production));
        stores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(production, List.of())).build();
        dataArchives = new DataArchives(new ArchiveStore(dir.resolve("archives"), Clock.systemUTC(),
                new ObjectMapper()), stores, environments);
        dataArchives.archive(ARCHIVE, Environments.PRODUCTION, "1.0");
        // The install's migration.
        Files.writeString(production.resolve("clients.csv"), "id;nom;pays\nC1;Alpha;FR\nC2;Beta;BE\n");
        Files.writeString(production.resolve("base.db"), "après");

        engine = AgentsEngineNode.engine("after-install-on-agent-test", "Task_InstallInProduction",
                Topics.INSTALL_VERSION, Map.of(Vars.DATA_ARCHIVE_ID.name(), ARCHIVE));
        install = AgentsEngineNode.lockedByProductionsAgent(engine, Topics.INSTALL_VERSION);

        AgentAccounts agents = AgentsEngineNode.agents();
        IdentityService identity = engine.getIdentityService();
        AfterInstallController controller = new AfterInstallController(new CallingAgents(agents, new ApiCaller(identity),
                identity, engine.getExternalTaskService(), engine.getRuntimeService()), dataArchives);
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext(AfterInstallController.PATH, exchange -> serve(exchange, controller, identity));
        node.start();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop(0);
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void productionsAgentRecordsTheDataAfterItsInstallBesideTheArchive() throws IOException {
        ExternalTask installed = mock(ExternalTask.class);
        when(installed.getVariable(Vars.DATA_ARCHIVE_ID.name())).thenReturn(ARCHIVE);

        agent(PRODUCTION_AGENT).installed(installed);

        Fingerprint now = Fingerprint.ofFiles(FolderDigest.of(production));
        assertThat(dataArchives.afterInstall(ARCHIVE)).as("the fingerprint, computed as the archive's")
                .contains(now);
        assertThat(now.sameContentAs(dataArchives.contentOf(ARCHIVE))).isFalse();
        assertThat(dataArchives.fileAfterInstall(ARCHIVE, "clients.csv")).as("a CSV file the migration changed")
                .hasValueSatisfying(content -> assertThat(new String(content, StandardCharsets.UTF_8))
                        .isEqualTo("id;nom;pays\nC1;Alpha;FR\nC2;Beta;BE\n"));
        assertThat(dataArchives.fileAfterInstall(ARCHIVE, "exports/devis.csv")).as("unchanged").isEmpty();
        assertThat(dataArchives.fileAfterInstall(ARCHIVE, "base.db")).as("not a CSV file").isEmpty();
        assertThat(dataArchives.rowsAfterInstall(ARCHIVE)).as("no tables in a folder").isEmpty();
        try (var left = Files.list(dir.resolve("archives").resolve(ARCHIVE))) {
            assertThat(left.map(path -> path.getFileName().toString())).as("no staging left beside the archive")
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void anotherAgentAPersonOrProductionsAgentWithoutTheLockIsRefusedInFrench() throws Exception {
        String refusal = Messages.text("transfer.api.after-install-agent-only");
        assertThat(get(TEST_AGENT, ARCHIVE)).as("test's agent").isEqualTo("403 " + refusal);
        assertThat(get("marie", ARCHIVE)).as("a person").isEqualTo("403 " + refusal);
        assertThat(get(PRODUCTION_AGENT, "data-other")).as("another archive than its install's")
                .isEqualTo("403 " + refusal);
        assertThat(agent(TEST_AGENT).record(ARCHIVE)).isFalse();

        engine.getExternalTaskService().complete(install.getId(), install.getWorkerId());
        assertThat(get(PRODUCTION_AGENT, ARCHIVE)).as("once the install is over").isEqualTo("403 " + refusal);
        assertThat(agent(PRODUCTION_AGENT).record(ARCHIVE)).isFalse();
        assertThat(dataArchives.afterInstall(ARCHIVE)).as("nothing recorded").isEmpty();
    }

    @Test
    void aRecordThatIsNotWhatItSaysIsNotRecorded() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record/after-install"));
        Files.write(record.resolveSibling("after-install.json"), new ObjectMapper().writeValueAsBytes(
                Fingerprint.ofFiles(FolderDigest.of(production))));
        // A file the fingerprint does not name as changed, then one that is no CSV file.
        Files.writeString(record.resolve("clients.csv"), "id;nom\nC9;Faux\n");
        assertThat(post(PRODUCTION_AGENT, ARCHIVE, record.getParent()))
                .isEqualTo("422 " + Messages.text("data.after-install.refused"));
        Files.delete(record.resolve("clients.csv"));
        Files.writeString(record.resolve("base.db"), "après");
        assertThat(post(PRODUCTION_AGENT, ARCHIVE, record.getParent()))
                .isEqualTo("422 " + Messages.text("data.after-install.refused"));

        Files.delete(record.resolve("base.db"));
        Files.writeString(record.resolveSibling("notes.txt"), "autre chose");
        assertThat(post(PRODUCTION_AGENT, ARCHIVE, record.getParent())).as("an entry of no record")
                .isEqualTo("422 " + Messages.text("data.after-install.refused"));

        assertThat(dataArchives.afterInstall(ARCHIVE)).as("nothing recorded").isEmpty();
        assertThat(dataArchives.fileAfterInstall(ARCHIVE, "base.db")).isEmpty();
    }

    private RemoteAfterInstall agent(String user) {
        return new RemoteAfterInstall(AgentsEngineNode.link(node, user),
                new TransferProperties(Duration.ofSeconds(10), Duration.ofSeconds(10)), stores, environments);
    }

    private String get(String user, String archiveId) throws Exception {
        return answer(HttpRequest.newBuilder(uri(archiveId)).header("Authorization", AgentsEngineNode.basic(user)).GET().build());
    }

    private String post(String user, String archiveId, Path record) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        FolderStream.write(record, body);
        return answer(HttpRequest.newBuilder(uri(archiveId)).header("Authorization", AgentsEngineNode.basic(user))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private URI uri(String archiveId) {
        return URI.create("http://127.0.0.1:" + node.getAddress().getPort() + AfterInstallController.PATH + archiveId);
    }

    private static String answer(HttpRequest request) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return response.statusCode() + " " + response.body();
    }

    /**
     * What the servlet stack does on the engine node: the engine's authentication of the basic login (the agents in
     * the group {@code agents}), then the controller's mapping, its refusals as their status.
     */
    private static void serve(HttpExchange exchange, AfterInstallController controller, IdentityService identity)
            throws IOException {
        AgentsEngineNode.authenticate(exchange, identity);
        String archiveId = URLDecoder.decode(exchange.getRequestURI().getRawPath()
                .substring(AfterInstallController.PATH.length()), StandardCharsets.UTF_8);
        try {
            if ("GET".equals(exchange.getRequestMethod())) {
                AgentsEngineNode.respond(exchange, 200, new ObjectMapper().writeValueAsBytes(controller.archived(archiveId)));
                return;
            }
            MockHttpServletRequest request = new MockHttpServletRequest("POST", exchange.getRequestURI().getPath());
            request.setContent(exchange.getRequestBody().readAllBytes());
            ResponseEntity<String> answer = controller.record(archiveId, request);
            AgentsEngineNode.respond(exchange, answer.getStatusCode().value(), answer.getBody() == null ? new byte[0]
                    : answer.getBody().getBytes(StandardCharsets.UTF_8));
        } catch (Forbidden refused) {
            AgentsEngineNode.respond(exchange, 403, refused.getMessage().getBytes(StandardCharsets.UTF_8));
        } finally {
            identity.clearAuthentication();
        }
    }

}
