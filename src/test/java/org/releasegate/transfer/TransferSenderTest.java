package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.Installer;
import org.releasegate.worker.StepPlacement;
import org.releasegate.worker.WorkerCredentials;
import org.releasegate.worker.WorkerProperties;
import org.springframework.mock.env.MockEnvironment;

/**
 * Production's agent taking the engine node's orders over HTTP: it answers the operation an order names (a snapshot of
 * its data, the version it runs), for its own environments only — an order for another environment's data is never answered, whoever sent it.
 */
class TransferSenderTest {

    @TempDir
    Path dir;

    private HttpServer engine;
    private TransferSender sender;

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.stop(null);
        }
        if (engine != null) {
            engine.stop(0);
        }
    }

    @Test
    void anAgentAnswersTheOperationOrderedForItsOwnEnvironmentAndNothingForAnother() throws Exception {
        Path production = Files.createDirectories(dir.resolve("prod/data"));
        Files.writeString(production.resolve("clients.csv"), "1;Dupont\n");
        List<String> orders = List.of(
                "{\"id\":\"for-test\",\"environment\":\"test\",\"operation\":\"data\"}",
                "{\"id\":\"unknown\",\"environment\":\"production\",\"operation\":\"drop\"}",
                "{\"id\":\"snapshot\",\"environment\":\"production\",\"operation\":\"snapshot\"}",
                "{\"id\":\"version\",\"environment\":\"production\",\"operation\":\"installed-version\"}");
        Path installRoot = Files.createDirectories(dir.resolve("prod/app"));
        Files.writeString(installRoot.resolve("VERSION"), "1.0\n");
        Environments environments = mock(Environments.class);
        when(environments.installRoot("production")).thenReturn(installRoot);
        InstallMethods installMethods = new InstallMethods(new Installer(Clock.systemUTC()), environments,
                new MockEnvironment().withProperty("releasegate.environments.production.installer.mode", "command")
                        .withProperty("releasegate.environments.production.installer.command[0]", "/bin/true")
                        .withProperty("releasegate.environments.production.installer.version-file", "VERSION"),
                Clock.systemUTC());
        AtomicInteger polls = new AtomicInteger();
        Map<String, byte[]> answers = new ConcurrentHashMap<>();
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Set<String> protocols = ConcurrentHashMap.newKeySet();
        engine.createContext("/transfer/orders", exchange -> {
            protocols.add(String.valueOf(exchange.getRequestHeaders().getFirst(TransferProtocol.HEADER)));
            int poll = polls.getAndIncrement();
            if (poll < orders.size()) {
                answer(exchange, 200, orders.get(poll));
            } else {
                sleep();
                answer(exchange, 204, null);
            }
        });
        engine.createContext("/transfer/", exchange -> {
            answers.put(exchange.getRequestURI().getPath().substring("/transfer/".length()),
                    exchange.getRequestBody().readAllBytes());
            answer(exchange, 204, null);
        });
        engine.start();
        String url = "http://127.0.0.1:" + engine.getAddress().getPort() + "/engine-rest";
        WorkerProperties worker = new WorkerProperties(true, url, "agent-production", "secret-password",
                Duration.ofSeconds(60), Duration.ofSeconds(20), 3, Duration.ofSeconds(10));
        sender = new TransferSender(new EngineLink(worker, new WorkerCredentials(worker)),
                // Even settings of test's data on this server do not make it send them: it serves production only.
                new TestStores().with("production", TestStores.directory(production, List.of()))
                        .with("test", TestStores.directory(Files.createDirectories(dir.resolve("test/data")),
                                List.of())).build(),
                installMethods, new TransferProperties(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new StepPlacement(false, Set.of("production")));

        sender.start(null);
        for (int i = 0; i < 200 && (polls.get() <= orders.size() || answers.size() < 2); i++) {
            Thread.sleep(50);
        }

        assertThat(protocols).as("the version of the transfers it speaks, on every poll")
                .containsExactly(TransferProtocol.VERSION);
        assertThat(answers).as("only the snapshot and version of its own environment")
                .containsOnlyKeys("snapshot", "version");
        assertThat(new String(answers.get("version"), StandardCharsets.UTF_8)).startsWith("K")
                .endsWith("{\"version\":\"1.0\"}");
        String snapshot = new String(answers.get("snapshot"), StandardCharsets.ISO_8859_1);
        assertThat(snapshot).startsWith("K").contains("\"layout\":\"folder\"").contains("clients.csv")
                .contains("1;Dupont");
    }

    @Test
    void anAgentAsksTheEngineNodeWhetherItReachesItsDataThroughItAndSaysInFrenchWhenRefused() throws Exception {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/transfer/reached/production", exchange -> answer(exchange, 200,
                "{\"throughAgent\":true}"));
        engine.createContext("/transfer/reached/test", exchange -> answer(exchange, 403,
                "{\"type\":\"Forbidden\"}"));
        engine.start();
        String url = "http://127.0.0.1:" + engine.getAddress().getPort() + "/engine-rest";
        WorkerProperties worker = new WorkerProperties(true, url, "agent-production", "secret-password",
                Duration.ofSeconds(60), Duration.ofSeconds(20), 3, Duration.ofSeconds(10));
        AgentRemoteData remote = new AgentRemoteData(new EngineLink(worker, new WorkerCredentials(worker)),
                new TransferProperties(Duration.ofSeconds(5), Duration.ofSeconds(5)));

        assertThat(remote.reachedThroughThisNode("production")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remote.reachedThroughThisNode("test"))
                .hasMessage(org.releasegate.message.Messages.text("transfer.reach-unknown", "test",
                        org.releasegate.message.Messages.text("transfer.not-sent.status", 403)));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json == null ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
