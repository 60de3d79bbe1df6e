package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Request bodies over {@code releasegate.http.max-request-size} (40 MB by default) get 413 before the application
 * reads them whole: a declared length at once, a chunked body as soon as the limit is passed. Raw sockets, so that
 * the test controls what is sent and sees the answer while the body is still on its way.
 */
class RequestSizeLimitTest extends IntegrationTest {

    private static final long LIMIT = 40L * 1024 * 1024;
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("marie:demo".getBytes(StandardCharsets.UTF_8));
    /** Finds that no such process exists before it reads a body: nothing can be started. */
    private static final String SUBMIT_FORM = "/engine-rest/process-definition/key/no-such-process/submit-form";
    /** A query of process instances: reads its whole JSON body, changes nothing. */
    private static final String QUERY = "/engine-rest/process-instance";

    @LocalServerPort
    int port;

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413WithoutBeingRead() throws Exception {
        for (String path : new String[] {SUBMIT_FORM, "/camunda/api/engine/engine/default/task/t1/submit-form",
                "/api/strategic-processes"}) {
            try (Socket socket = connect()) {
                // The headers announce 100 MB; only one byte follows. Reading the body would wait for the rest.
                send(socket, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTHORIZATION
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{");

                String response = readResponse(socket.getInputStream());

                assertThat(response).as(path).startsWith("HTTP/1.1 413 ")
                        .contains("Content-Type: application/json")
                        .endsWith("{\"type\":\"RequestTooLarge\",\"message\":\"La requête dépasse 40 Mo, la taille"
                                + " maximale acceptée : joignez des fichiers plus petits.\"}");
            }
        }
    }

    @Test
    void aChunkedBodyIsRefusedWith413OnceItPassesTheLimit() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST " + QUERY + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTHORIZATION
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            // Twice the limit, in 1 MB chunks of the blanks JSON allows between tokens: the application would read them
            // all (and build no string Jackson could refuse first); the server's answer may cut the sending short.
            Thread sender = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    writeChunk(out, "{\"businessKey\": \"x\"".getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = new byte[1 << 20];
                    Arrays.fill(chunk, (byte) ' ');
                    while (sent.get() < 2 * LIMIT) {
                        writeChunk(out, chunk);
                        sent.addAndGet(chunk.length);
                    }
                    writeChunk(out, "}".getBytes(StandardCharsets.UTF_8));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // expected once the server refused the body
                }
            }, "chunked-sender");
            sender.start();

            String response = readResponse(socket.getInputStream());
            sender.join(30_000);

            assertThat(response).startsWith("HTTP/1.1 413 ").contains("La requête dépasse 40 Mo");
            assertThat(sent.get()).isLessThan(2 * LIMIT);
        }
    }

    @Test
    void aBodyWithinTheLimitReachesTheApplication() {
        String json = "{\"businessKey\": \"" + "x".repeat(2 << 20) + "\"}";

        ApplicationClient.Response response = ApplicationClient.basic(port, "marie", "demo").postJson(QUERY, json);

        // The application read the 2 MB body and answered for itself: no release has that business key.
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static void writeChunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Status line, headers and body of a response sent with a Content-Length, as text; fails after 30 s. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    break;
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer within 30 s: the server is reading the body", e);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .map(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
