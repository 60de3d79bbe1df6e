package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One client of the running application, as a browser or a tool would be: an HTTP basic user of the REST API, a
 * webapp session (cookie + the XSRF token the webapps require on every modifying request), or nobody.
 */
final class HttpClientSession {

    record Response(int status, String body, HttpHeaders headers) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }

        /**
         * The engine API's error answer as Tasklist reads it: this status, and Camunda's body holding the French
         * message and nothing else (no engine code, no English prefix, no list of missing permissions).
         */
        void assertEngineError(int expectedStatus, String type, String message) {
            assertThat(status).as(toString()).isEqualTo(expectedStatus);
            assertThat(body).isEqualTo("{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    private static final String XSRF_COOKIE = "XSRF-TOKEN";

    private final URI base;
    private final String basicAuthorization;
    private final boolean xsrfHeader;
    private final CookieManager cookies;
    private final HttpClient http;

    private HttpClientSession(URI base, String basicAuthorization, boolean xsrfHeader, CookieManager cookies) {
        this.base = base;
        this.basicAuthorization = basicAuthorization;
        this.xsrfHeader = xsrfHeader;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    private HttpClientSession(int port, String basicAuthorization) {
        this(URI.create("http://localhost:" + port), basicAuthorization, true, new CookieManager());
    }

    /** No credentials, no session. */
    static HttpClientSession anonymous(int port) {
        return new HttpClientSession(port, null);
    }

    /** HTTP basic authentication on every request (the REST API, the Camunda Modeler). */
    static HttpClientSession basic(int port, String user, String password) {
        return new HttpClientSession(port, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A webapp session logged in to {@code app} (tasklist, cockpit, admin) as the webapps' login page does. */
    static HttpClientSession webapp(int port, String user, String password, String app) {
        HttpClientSession session = anonymous(port);
        session.get("/camunda/app/" + app + "/"); // the page gives the XSRF token the login form must send
        Response login = session.login(user, password, app);
        if (!login.ok()) {
            throw new IllegalStateException("Login of " + user + " to " + app + " failed: " + login);
        }
        // The login starts a new session whose XSRF token comes with the next answer, as the webapps then ask who is in.
        session.get("/camunda/api/admin/auth/user/default");
        return session;
    }

    /** POST of the login form; the session keeps the cookie it gets. */
    Response login(String user, String password, String app) {
        return postForm("/camunda/api/admin/auth/user/default/login/" + app,
                Map.of("username", user, "password", password));
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    Response putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
    }

    Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)));
    }

    /** A multipart request of text parts and one file part, as the Camunda Modeler deploys. */
    Response postMultipart(String path, Map<String, String> fields, String fileName, String fileContent) {
        String boundary = "----release-gate-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + fileContent + "\r\n--" + boundary + "--\r\n");
        BodyPublisher publisher = BodyPublishers.ofByteArray(body.toByteArray());
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(publisher));
    }

    /** This session, sending its cookies but not the XSRF header, as a forged cross-site request would. */
    HttpClientSession withoutXsrfHeader() {
        return new HttpClientSession(base, basicAuthorization, false, cookies);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json, text/plain, */*");
        if (basicAuthorization != null) {
            builder.header("Authorization", basicAuthorization);
        }
        if (xsrfHeader) {
            cookies.getCookieStore().getCookies().stream()
                    .filter(cookie -> XSRF_COOKIE.equals(cookie.getName()))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .ifPresent(token -> builder.header("X-XSRF-TOKEN", token));
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
