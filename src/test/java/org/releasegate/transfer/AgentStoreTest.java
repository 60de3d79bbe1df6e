package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStoreConfigurationException;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.PermanentStoreFailureException;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.data.Snapshot;
import org.releasegate.data.TestStores;
import org.releasegate.data.TransferCorruptedException;
import org.releasegate.environment.Environments;
import org.releasegate.message.Messages;
import org.releasegate.security.AgentAccounts;

/**
 * The engine node reaching production's data through production's agent (its own settings declare none): every order
 * goes to that agent with its operation, and what it answers — a snapshot streamed, a fingerprint — is checked on
 * arrival. The agent here is production's {@link DataStores} answering the orders {@link Transfers} hands out, in
 * this JVM; {@code RemoteAgentsTest} walks the same over HTTP between three network namespaces.
 */
class AgentStoreTest {

    private static final String AGENT = "agent-production";

    @TempDir
    Path dir;

    private Path production;
    private volatile DataStores agentSide;
    private DataStores engineSide;
    private Transfers transfers;
    private final List<Transfer> orders = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final ExecutorService agent = Executors.newCachedThreadPool();
    private volatile UnaryOperator<OutputStream> link = UnaryOperator.identity();
    private volatile boolean running = true;

    @BeforeEach
    void agentAndEngine() throws IOException {
        production = dir.resolve("prod/data");
        Files.createDirectories(production.resolve("pièces"));
        Files.writeString(production.resolve("clients.csv"), "1;Dupont\n2;Martin\n");
        Files.write(production.resolve("pièces/facture-1.pdf"), new byte[200_000]);
        agentSide = new TestStores().with(Environments.PRODUCTION, TestStores.directory(production, List.of())).build();
        transfers = new Transfers(new AgentAccounts(Map.of(AGENT, new AgentAccounts.Agent(Set.of("production"),
                "x".repeat(12), Duration.ofMinutes(2)))), new TransferProperties(Duration.ofSeconds(3),
                Duration.ofSeconds(5)));
        engineSide = new TestStores().withoutData(Environments.PRODUCTION).build(new EngineRemoteData(transfers));
        agent.submit(this::serveOrders);
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        running = false;
        agent.shutdownNow();
        agent.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Production's agent: takes its orders and answers each as {@code TransferSender} does, over a pipe. */
    private void serveOrders() {
        while (running) {
            try {
                transfers.nextOrder(AGENT, Duration.ofMillis(200)).ifPresent(order -> agent.submit(() -> {
                    orders.add(order);
                    try (PipedOutputStream out = new PipedOutputStream()) {
                        order.attach(new PipedInputStream(out, 1 << 16));
                        try (OutputStream sent = link.apply(out)) {
                            agentSide.answer(order.environment(), order.operation(), order.argument(), sent);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the engine side's failure is what the tests assert
                    }
                    try {
                        outcomes.add(order.awaitOutcome());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void withoutDataSettingsOfItsOwnTheEngineNodeReachesProductionThroughItsAgent() {
        DataStore store = engineSide.of(Environments.PRODUCTION);

        assertThat(store.agent()).contains(AGENT);
        assertThat(store.location()).as("no path of the agent's server").isEqualTo("agent " + AGENT);
        assertThat(store.serverClones()).as("the window then archives in full").isEmpty();
        assertThat(agentSide.of(Environments.PRODUCTION).agent()).as("the agent reaches its own data").isEmpty();
        assertThat(new TestStores().with(Environments.PRODUCTION, TestStores.directory(production, List.of()))
                .build(new EngineRemoteData(transfers)).of(Environments.PRODUCTION).agent())
                .as("data the engine node declares is reached directly").isEmpty();
        assertThat(new TestStores().with(Environments.PRODUCTION, TestStores.throughAgent())
                .build(new EngineRemoteData(transfers)).of(Environments.PRODUCTION).agent())
                .as("type agent: declared, with the engine node's categories").contains(AGENT);
        assertThatThrownBy(() -> new TestStores().with(Environments.TEST, TestStores.throughAgent())
                .build(new EngineRemoteData(transfers)).of(Environments.TEST))
                .isInstanceOf(DataStoreConfigurationException.class).hasMessageContaining("no agent is declared");
    }

    @Test
    void aPostgresProductionIsClonedInItsServerUnlessTheEngineNodeReachesItThroughTheAgentThatStopsIt()
            throws Exception {
        for (boolean throughAgent : new boolean[] {false, true}) {
            DataStores onTheAgent = new TestStores().with(Environments.PRODUCTION, TestStores.postgres(
                    "jdbc:postgresql://db-prod.example:5432/gestan", "gestan_release", "secret", List.of()))
                    .build(new org.releasegate.data.RemoteData() {
                        @Override
                        public java.io.InputStream open(String environment) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public boolean reachedThroughThisNode(String environment) {
                            return throughAgent;
                        }
                    });

            assertThat(onTheAgent.clonedInServer(Environments.PRODUCTION)).as("reached through the agent: %s",
                    throughAgent).isEqualTo(!throughAgent);
        }
        assertThat(agentSide.clonedInServer(Environments.PRODUCTION)).as("a folder").isFalse();
    }

    @Test
    void aSnapshotIsStreamedByTheAgentAndReceivedWholeBesideItsDescription() throws Exception {
        Path folder = dir.resolve("engine/snapshot");

        Snapshot snapshot = engineSide.of(Environments.PRODUCTION).exportSnapshot(folder);

        Fingerprint production = agentSide.of(Environments.PRODUCTION).fingerprint();
        assertThat(snapshot.type()).isEqualTo("directory");
        assertThat(snapshot.fingerprint().sameContentAs(production)).isTrue();
        assertThat(Snapshot.read(folder)).contains(snapshot);
        assertThat(folder.resolve("data/pièces/facture-1.pdf")).hasSize(200_000);
        assertThat(orders).singleElement().satisfies(order -> {
            assertThat(order.operation()).isEqualTo(Operation.SNAPSHOT);
            assertThat(order.environment()).isEqualTo(Environments.PRODUCTION);
        });
        awaitOutcomes(1);
        assertThat(outcomes).as("the agent learns its answer arrived whole").containsExactly("");
    }

    @Test
    void aFingerprintIsAskedWithItsReferenceAndAnsweredAsTheAgentComputesIt() throws Exception {
        DataStore store = engineSide.of(Environments.PRODUCTION);
        Fingerprint reference = agentSide.of(Environments.PRODUCTION).fingerprint();
        Files.writeString(production.resolve("clients.csv"), "3;Durand\n", java.nio.file.StandardOpenOption.APPEND);

        Fingerprint now = store.fingerprintLike(reference);

        assertThat(now.sameContentAs(agentSide.of(Environments.PRODUCTION).fingerprint())).isTrue();
        assertThat(now.changesSince(reference)).singleElement()
                .satisfies(change -> assertThat(change.name()).isEqualTo("clients.csv"));
        assertThat(orders).singleElement().satisfies(order -> {
            assertThat(order.operation()).isEqualTo(Operation.FINGERPRINT);
            assertThat(new ObjectMapper().readValue(order.argument(), Fingerprint.class).sha256())
                    .isEqualTo(reference.sha256());
        });
    }

    @Test
    void aByteAlteredOnTheWayFailsTheSnapshotAndTellsTheAgent() throws Exception {
        link = out -> new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                out.write(written++ == 100_000 ? b ^ 1 : b);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                for (int i = 0; i < length; i++) {
                    write(buffer[offset + i]);
                }
            }
        };

        assertThatThrownBy(() -> engineSide.of(Environments.PRODUCTION).exportSnapshot(dir.resolve("altered")))
                .isInstanceOf(TransferCorruptedException.class)
                .hasMessage(Messages.text("transfer.stream.file-altered", "pièces/facture-1.pdf"));
        awaitOutcomes(1);
        assertThat(outcomes.get(0)).as("the agent learns it did not arrive whole").isNotEmpty();
    }

    @Test
    void theEngineNodesArchiveOfProductionIsTheAgentsSnapshotNeverItsOwnPathToTheFolder() throws Exception {
        ArchiveStore archives = new ArchiveStore(dir.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments noSettingsRead = mock(Environments.class, invocation -> {
            throw new AssertionError("the engine node's settings of production read: " + invocation);
        });
        DataArchives dataArchives = new DataArchives(archives, engineSide, noSettingsRead);

        assertThat(dataArchives.archiveWhileInUse("base", Environments.PRODUCTION, "1.0"))
                .as("no base: a snapshot streamed while in use is not consistent, and no delta follows").isEmpty();
        Archive archive = dataArchives.archiveSince("window", Environments.PRODUCTION, "1.0", null, null);

        archives.verify(archive.id(), VerificationDepth.DEEP);
        assertThat(dataArchives.contentOf(archive.id()).sameContentAs(agentSide.of(Environments.PRODUCTION)
                .fingerprint())).isTrue();
        assertThat(new String(dataArchives.readFile(archive.id(), "clients.csv", 1 << 16), StandardCharsets.UTF_8))
                .as("a file read by its path in the data, for the loss report's records").isEqualTo("1;Dupont\n2;Martin\n");
        Path restored = dataArchives.extract(archive.id(), dir.resolve("extracted"));
        try (DataStore.ScratchStore drill = engineSide.of(Environments.PRODUCTION).scratch(dir.resolve("drill"))) {
            assertThat(drill.restoreSnapshot(restored).sameContentAs(dataArchives.contentOf(archive.id()))).isTrue();
        }
        assertThat(dir.resolve("drill")).doesNotExist();
    }

    @Test
    void anH2ProductionIsArchivedFromTheSnapshotItsAgentExportsAndDrilledInAScratchFileWithTheDeclaredUser()
            throws Exception {
        Path database = dir.resolve("prod/gestan.mv.db");
        String url = "jdbc:h2:file:" + database.toString().replace(".mv.db", "");
        try (Connection connection = DriverManager.getConnection(url, "sa", "secret-h2");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom VARCHAR(50))");
            statement.execute("INSERT INTO clients SELECT X, 'Client ' || X FROM SYSTEM_RANGE(1, 50)");
        }
        agentSide = new TestStores().with(Environments.PRODUCTION, TestStores.h2(database, "sa", "secret-h2",
                List.of())).build();
        DataStores withUser = new TestStores().with(Environments.PRODUCTION, TestStores.throughAgent("sa",
                "secret-h2")).build(new EngineRemoteData(transfers));

        Snapshot snapshot = withUser.of(Environments.PRODUCTION).exportSnapshot(dir.resolve("snapshot"));

        assertThat(snapshot.type()).isEqualTo("h2");
        assertThat(snapshot.fingerprint().sameContentAs(agentSide.of(Environments.PRODUCTION).fingerprint())).isTrue();
        try (DataStore.ScratchStore drill = withUser.of(Environments.PRODUCTION).scratch(dir.resolve("drill"))) {
            assertThat(drill.restoreSnapshot(dir.resolve("snapshot")).sameContentAs(snapshot.fingerprint())).isTrue();
        }
        Path rows = Files.createDirectories(dir.resolve("rows"));
        assertThat(withUser.of(Environments.PRODUCTION).writeRowDigests("PUBLIC.CLIENTS"::equals, rows)).isTrue();
        Path expected = dir.resolve("rows-on-the-agent");
        agentSide.of(Environments.PRODUCTION).writeRowDigests("PUBLIC.CLIENTS"::equals, expected);
        assertThat(new org.releasegate.data.FolderCopier().digest(rows)).as("the row digests streamed back")
                .isNotEmpty().isEqualTo(new org.releasegate.data.FolderCopier().digest(expected));
        assertThat(orders).extracting(Transfer::operation).contains(Operation.ROWS);
        assertThat(withUser.of(Environments.PRODUCTION).writeRowDigests("NOWHERE"::equals, dir.resolve("no-rows")))
                .as("no such table: nothing asked").isFalse();
        try (DataStore.ScratchStore drill = engineSide.of(Environments.PRODUCTION).scratch(dir.resolve("none"))) {
            assertThatThrownBy(() -> drill.restoreSnapshot(dir.resolve("snapshot")))
                    .as("no user declared on the engine node").isInstanceOf(PermanentStoreFailureException.class)
                    .hasMessage(Messages.text("data.agent.no-scratch", Environments.PRODUCTION,
                            Messages.text("data.kind.h2")));
        }
    }

    @Test
    void whatOnlyTheAgentsServerCanDoIsRefusedInFrench() {
        DataStore store = engineSide.of(Environments.PRODUCTION);
        String refusal = Messages.text("data.agent.refused", Environments.PRODUCTION, AGENT);

        assertThatThrownBy(() -> store.quiesce(Duration.ZERO)).isInstanceOf(PermanentStoreFailureException.class)
                .hasMessage(refusal);
        assertThatThrownBy(() -> store.stageRestore(dir)).hasMessage(refusal);
        assertThatThrownBy(store::reopen).hasMessage(refusal);
        assertThat(orders).as("nothing asked of the agent").isEmpty();
    }

    private void awaitOutcomes(int count) throws InterruptedException {
        for (int i = 0; i < 100 && outcomes.size() < count; i++) {
            Thread.sleep(50);
        }
    }
}
