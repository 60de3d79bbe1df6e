package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.inbox.Inbox;

/** Where a road book named by the start form may come from: a plain inbox file, or an http(s) address on an allowed host. */
class RoadBookSourceTest {

    private static final byte[] NOTES = "## 1.1\n- [URL-1101] (Ventes) Relances\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger notesServed = new AtomicInteger();
    private String base;
    private Path inboxFolder;

    @BeforeEach
    void startServer() throws Exception {
        inboxFolder = Files.createDirectories(dir.resolve("inbox"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
        server.createContext("/notes/road-book-1.1.md", exchange -> {
            notesServed.incrementAndGet();
            exchange.sendResponseHeaders(200, NOTES.length);
            exchange.getResponseBody().write(NOTES);
            exchange.close();
        });
        server.createContext("/same-host", exchange -> redirect(exchange, "/notes/road-book-1.1.md"));
        // Same machine, another host name: what a redirect to an internal server looks like.
        server.createContext("/other-host", exchange ->
                redirect(exchange, "http://localhost:" + port + "/notes/road-book-1.1.md"));
        server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aRoadBookIsDownloadedThroughARedirectOnTheSameHost() throws Exception {
        RoadBook roadBook = source(List.of()).load(null, null, null, base + "/same-host");

        assertThat(roadBook.versions().get(0).changes()).extracting(RoadBook.Change::id).containsExactly("URL-1101");
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFollowed() {
        assertThatThrownBy(() -> source(List.of()).load(null, null, null, base + "/other-host"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Le carnet de route " + base + "/other-host n'a pas été téléchargé : il redirige vers un"
                        + " autre serveur (localhost). Indiquez directement l'adresse finale.");
        assertThat(notesServed).hasValue(0);
    }

    @Test
    void redirectsEndlesslyAreRefused() {
        assertThatThrownBy(() -> source(List.of()).load(null, null, null, base + "/loop"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("plus de " + RoadBookSource.MAX_REDIRECTS + " redirections");
    }

    @Test
    void onlyHostsOfTheAllowListAreAskedWhenThereIsOne() throws Exception {
        assertThatThrownBy(() -> source(List.of("vendor.example.com")).load(null, null, null,
                base + "/notes/road-book-1.1.md"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Le carnet de route ne peut pas être téléchargé depuis 127.0.0.1 : ce serveur n'est pas"
                        + " dans la liste des serveurs autorisés (releasegate.road-book.allowed-hosts).");
        assertThat(notesServed).hasValue(0);

        assertThat(source(List.of(" vendor.example.com", "127.0.0.1 ")).load(null, null, null,
                base + "/notes/road-book-1.1.md").changeCount()).isEqualTo(1);
    }

    @Test
    void addressesOtherThanHttpAreRefused() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://vendor.example.com/notes.md", "jar:file:/x!/y.md"}) {
            assertThatThrownBy(() -> source(List.of()).load(null, null, null, url)).as(url)
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageNotContaining("root:");
        }
        assertThatThrownBy(() -> source(List.of()).load(null, null, null, "file:///etc/passwd"))
                .hasMessage("L'adresse du carnet de route file:///etc/passwd n'est pas acceptée : seules les adresses"
                        + " http:// et https:// le sont.");
    }

    @Test
    void aSymbolicLinkNamedAsTheRoadBookIsRefusedBeforeAnythingIsRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.createSymbolicLink(inboxFolder.resolve("road-book.md"), secret);

        assertThatThrownBy(() -> source(List.of()).load(null, null, null, "road-book.md"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("« road-book.md » est un lien symbolique : la boîte de dépôt n'accepte que des fichiers"
                        + " ordinaires, déposez le fichier lui-même.");
    }

    @Test
    void aPlainInboxFileIsRead() throws Exception {
        Files.write(inboxFolder.resolve("road-book.md"), NOTES);

        assertThat(source(List.of()).load(null, null, null, "road-book.md").changeCount()).isEqualTo(1);
    }

    private RoadBookSource source(List<String> allowedHosts) {
        return new RoadBookSource(new Inbox(inboxFolder), new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE),
                Duration.ofSeconds(10), allowedHosts);
    }

    private static void redirect(HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
