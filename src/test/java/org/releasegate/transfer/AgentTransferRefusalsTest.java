package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.TransferCorruptedException;
import org.releasegate.message.Messages;
import org.releasegate.worker.WorkerCredentials;
import org.releasegate.worker.WorkerProperties;

/**
 * What an agent says when the engine node does not send it production's data or a package, or sends a package that
 * differs from what it announced: French, as Cockpit shows it, the engine node's own French words kept, its HTTP
 * answer and digests left to the log.
 */
class AgentTransferRefusalsTest {

    @TempDir
    Path dir;

    private HttpServer engine;
    private EngineLink link;
    private final TransferProperties settings = new TransferProperties(Duration.ofSeconds(5), Duration.ofSeconds(5));

    @BeforeEach
    void startEngine() throws IOException {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/transfer/data/production", exchange -> answer(exchange, 503, "text/plain",
                Messages.text("transfer.stream.cut")));
        engine.createContext("/transfer/package/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("refused.zip")) {
                answer(exchange, 403, "application/json", "{\"type\":\"Forbidden\"}");
                return;
            }
            exchange.getResponseHeaders().add(RemotePackages.SHA256_HEADER, "00".repeat(32));
            answer(exchange, 200, "application/octet-stream", "paquet");
        });
        engine.start();
        String url = "http://127.0.0.1:" + engine.getAddress().getPort() + "/engine-rest";
        link = new EngineLink(new WorkerProperties(true, url, "agent-test", "secret-password", Duration.ofSeconds(60),
                Duration.ofSeconds(20), 3, Duration.ofSeconds(10)), new WorkerCredentials(new WorkerProperties(true,
                url, "agent-test", "secret-password", Duration.ofSeconds(60), Duration.ofSeconds(20), 3,
                Duration.ofSeconds(10))));
    }

    @AfterEach
    void stopEngine() {
        engine.stop(0);
    }

    @Test
    void dataNotSentIsSaidInFrenchWithTheEngineNodesOwnWords() {
        assertThatThrownBy(() -> new AgentRemoteData(link, settings).open("production"))
                .hasMessage(Messages.text("transfer.not-sent", "production", Messages.text("transfer.stream.cut")));
    }

    @Test
    void aPackageRefusedOrAlteredIsSaidInFrenchWithoutItsHttpAnswerOrDigests() {
        RemotePackages packages = new RemotePackages(link, settings);

        assertThatThrownBy(() -> packages.copy("refused.zip", dir.resolve("one")))
                .hasMessage(Messages.text("transfer.package.not-sent", "refused.zip",
                        Messages.text("transfer.not-sent.status", 403)));
        assertThatThrownBy(() -> packages.copy("erp-1.1.zip", dir.resolve("two")))
                .isInstanceOfSatisfying(TransferCorruptedException.class, refused -> {
                    assertThat(refused).hasMessage(Messages.text("transfer.package.altered", "erp-1.1.zip"));
                    assertThat(refused.detail()).hasValueSatisfying(detail -> assertThat(detail).contains("SHA-256"));
                });
        assertThat(dir.resolve("two")).as("nothing kept").doesNotExist();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
