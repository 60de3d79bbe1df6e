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

    /** The test's HTTP server is on this machine: without the allow-list, its address would be refused. */
    private static final List<String> LOCAL_SERVER = List.of("127.0.0.1", "localhost");

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
        RoadBook roadBook = source(LOCAL_SERVER).load(null, null, null, base + "/same-host");

        assertThat(roadBook.versions().get(0).changes()).extracting(RoadBook.Change::id).containsExactly("URL-1101");
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFollowed() {
        assertThatThrownBy(() -> source(LOCAL_SERVER).load(null, null, null, base + "/other-host"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Le carnet de route " + base + "/other-host n'a pas été téléchargé : il redirige vers un"
                        + " autre serveur (localhost). Indiquez directement l'adresse finale.");
        assertThat(notesServed).hasValue(0);
    }

    @Test
    void redirectsEndlesslyAreRefused() {
        assertThatThrownBy(() -> source(LOCAL_SERVER).load(null, null, null, base + "/loop"))
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
    void withoutAnAllowListTheServerItselfAndReservedAddressesAreRefusedBeforeAnyRequest() {
        int port = server.getAddress().getPort();
        for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", "169.254.169.254", "0.0.0.0",
                "[fe80::1]", "[::ffff:127.0.0.1]", "224.0.0.1"}) {
            String url = "http://" + host + ":" + port + "/notes/road-book-1.1.md";
            assertThatThrownBy(() -> source(List.of()).load(null, null, null, url)).as(url)
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessage("Le carnet de route ne peut pas être téléchargé depuis " + host + " : cette adresse"
                            + " désigne le serveur de Release Gate lui-même ou une adresse réservée (boucle locale,"
                            + " lien local, métadonnées d'hébergement, multidiffusion). Indiquez l'adresse du serveur"
                            + " qui publie le carnet de route, ou demandez à l'exploitation de l'ajouter aux serveurs"
                            + " autorisés (releasegate.road-book.allowed-hosts).");
        }
        assertThatThrownBy(() -> source(List.of()).load(null, null, null, "http://169.254.169.254/latest/meta-data/"))
                .hasMessageStartingWith("Le carnet de route ne peut pas être téléchargé depuis 169.254.169.254 :");
        assertThat(notesServed).hasValue(0);
    }

    @Test
    void everyAddressTheHostResolvesToIsCheckedAndAgainForEachRedirect() throws Exception {
        // a name that resolves to an intranet address and to the server itself is refused
        RoadBookSource.Resolver mixed = host -> new InetAddress[] {InetAddress.getByName("10.1.2.3"),
                InetAddress.getByName("127.0.0.1")};
        assertThatThrownBy(() -> source(List.of(), mixed).load(null, null, null, base + "/notes/road-book-1.1.md"))
                .hasMessageStartingWith("Le carnet de route ne peut pas être téléchargé depuis 127.0.0.1 :");

        // private networks are allowed: road books are often on an intranet server
        RoadBookSource.Resolver intranet = host -> new InetAddress[] {InetAddress.getByName("192.168.10.20")};
        assertThat(source(List.of(), intranet).load(null, null, null, base + "/notes/road-book-1.1.md").changeCount())
                .isEqualTo(1);

        // the redirect's target is resolved and checked again: a name whose answer changes is caught there
        AtomicInteger lookups = new AtomicInteger();
        RoadBookSource.Resolver rebinding = host -> new InetAddress[] {InetAddress.getByName(
                lookups.incrementAndGet() == 1 ? "10.1.2.3" : "169.254.169.254")};
        int served = notesServed.get();
        assertThatThrownBy(() -> source(List.of(), rebinding).load(null, null, null, base + "/same-host"))
                .hasMessageStartingWith("Le carnet de route ne peut pas être téléchargé depuis 127.0.0.1 :");
        assertThat(lookups).hasValue(2);
        assertThat(notesServed).hasValue(served);
    }

    @Test
    void aHostOfTheAllowListIsAskedEvenOnThisMachine() throws Exception {
        assertThat(source(List.of("localhost")).load(null, null, null,
                "http://localhost:" + server.getAddress().getPort() + "/notes/road-book-1.1.md").changeCount())
                .isEqualTo(1);
    }

    @Test
    void reservedAddressesAreTheServerItselfLinkLocalWildcardAndMulticastNotPrivateNetworks() throws Exception {
        for (String address : new String[] {"127.0.0.1", "127.1.2.3", "::1", "169.254.169.254", "fe80::1", "0.0.0.0",
                "0.1.2.3", "::", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:169.254.169.254", "fd00:ec2::254"}) {
            assertThat(RoadBookSource.isReserved(InetAddress.getByName(address))).as(address).isTrue();
        }
        for (String address : new String[] {"10.0.0.5", "172.16.0.1", "192.168.1.10", "93.184.216.34", "fd12::1",
                "2001:db8::1"}) {
            assertThat(RoadBookSource.isReserved(InetAddress.getByName(address))).as(address).isFalse();
        }
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

    private RoadBookSource source(List<String> allowedHosts, RoadBookSource.Resolver resolver) {
        return new RoadBookSource(new Inbox(inboxFolder), new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE),
                Duration.ofSeconds(10), allowedHosts, resolver);
    }

    private static void redirect(HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
