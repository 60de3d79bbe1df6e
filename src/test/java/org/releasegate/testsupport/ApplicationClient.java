package org.releasegate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.FileValue;

/**
 * The tests' one HTTP client of a running application (in this JVM on a random port, or in a child JVM), as a browser
 * or a tool reaches it: an HTTP basic user of the REST API, a webapp session (cookie + the XSRF token the webapps
 * require on every modifying request), or nobody. Paths are taken from the client's base ({@code http://localhost:port},
 * or below it with {@link #at(String)}); redirects are not followed.
 */
public final class ApplicationClient {

    /** The password of every demo user. */
    public static final String DEMO_PASSWORD = "demo";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XSRF_COOKIE = "XSRF-TOKEN";

    /**
     * An answer: its body as text and as the bytes received (a PDF, a workbook); status 0 when nothing answered (not
     * listening yet or any more), the error then in the body.
     */
    public record Response(int status, String body, HttpHeaders headers, byte[] bytes) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The JSON body, read from its bytes as Jackson reads a stream (a byte order mark, as Camunda's locales have). */
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The JSON body read as {@code type} ({@code Map.class}, {@code List.class}: objects, lists, numbers). */
        public <T> T json(Class<T> type) {
            try {
                return JSON.readValue(bytes, type);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The value of the header {@code name}, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }

        /**
         * The engine API's error answer as Tasklist reads it: this status, and Camunda's body holding the French
         * message and nothing else (no engine code, no English prefix, no list of missing permissions).
         */
        public void assertEngineError(int expectedStatus, String type, String message) {
            assertThat(status).as(toString()).isEqualTo(expectedStatus);
            assertThat(body).isEqualTo("{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    /** {@code http://host:port}, where every base of this client starts. */
    private final String root;
    private final String base;
    private final String basicAuthorization;
    private final boolean xsrfHeader;
    private final Map<String, String> headers;
    private final CookieManager cookies;
    private final HttpClient http;
    private final Map<String, ApplicationClient> users = new ConcurrentHashMap<>();

    private ApplicationClient(String root, String base, String basicAuthorization, boolean xsrfHeader,
            Map<String, String> headers, CookieManager cookies, HttpClient http) {
        this.root = root;
        this.base = base;
        this.basicAuthorization = basicAuthorization;
        this.xsrfHeader = xsrfHeader;
        this.headers = headers;
        this.cookies = cookies;
        this.http = http;
    }

    private ApplicationClient(String root, String basicAuthorization, CookieManager cookies) {
        this(root, root, basicAuthorization, true,
                Map.of("Accept", "application/json, text/plain, */*"), cookies,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies).build());
    }

    /** No credentials, no session. */
    public static ApplicationClient anonymous(int port) {
        return anonymous("localhost", port);
    }

    /** No credentials, no session, to an application on another host (a test's network namespace). */
    public static ApplicationClient anonymous(String host, int port) {
        return new ApplicationClient("http://" + host + ":" + port, null, new CookieManager());
    }

    /** HTTP basic authentication on every request (the REST API, the Camunda Modeler). */
    public static ApplicationClient basic(int port, String user, String password) {
        return basicAt("http://localhost:" + port, user, password);
    }

    private static ApplicationClient basicAt(String root, String user, String password) {
        return new ApplicationClient(root, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), new CookieManager());
    }

    /** A webapp session logged in to {@code app} (tasklist, cockpit, admin) as the webapps' login page does. */
    public static ApplicationClient webapp(int port, String user, String password, String app) {
        ApplicationClient session = anonymous(port);
        session.get("/camunda/app/" + app + "/"); // the page gives the XSRF token the login form must send
        Response login = session.login(user, password, app);
        if (!login.ok()) {
            throw new IllegalStateException("Login of " + user + " to " + app + " failed: " + login);
        }
        // The login starts a new session whose XSRF token comes with the next answer, as the webapps then ask who is in.
        session.get("/camunda/api/admin/auth/user/default");
        return session;
    }

    /** The same application at the same base, as {@code user} with the demo password (HTTP basic, no session). */
    public ApplicationClient as(String user) {
        return as(user, DEMO_PASSWORD);
    }

    /** The same application at the same base, as {@code user} (HTTP basic, no session); one client per user. */
    public ApplicationClient as(String user, String password) {
        return users.computeIfAbsent(user + '\n' + password,
                key -> basicAt(root, user, password).at(base.substring(root.length())));
    }

    /** This client with paths taken from {@code path} below the application's root, e.g. {@code /engine-rest}. */
    public ApplicationClient at(String path) {
        return new ApplicationClient(root, root + path, basicAuthorization, xsrfHeader, headers,
                cookies, http);
    }

    /** This client, sending {@code value} as the header {@code name} (in place of its own, for {@code Accept}). */
    public ApplicationClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApplicationClient(root, base, basicAuthorization, xsrfHeader, Map.copyOf(more), cookies, http);
    }

    /** This session, sending its cookies but not the XSRF header, as a forged cross-site request would. */
    public ApplicationClient withoutXsrfHeader() {
        return new ApplicationClient(root, base, basicAuthorization, false, headers, cookies, http);
    }

    /** Where paths start, e.g. {@code http://localhost:8080/engine-rest}. */
    public String baseUrl() {
        return base;
    }

    /** POST of the login form; the session keeps the cookie it gets. */
    public Response login(String user, String password, String app) {
        return postForm("/camunda/api/admin/auth/user/default/login/" + app,
                Map.of("username", user, "password", password));
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** The JSON answer of a GET; fails on any status but 200. */
    public JsonNode getJson(String path) {
        Response response = get(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + base + path + " answered " + response);
        }
        return response.json();
    }

    /** A request with {@code body} written as JSON, or none when it is null. */
    public Response send(String method, String path, Object body) {
        if (body == null) {
            return send(request(path).method(method, BodyPublishers.noBody()));
        }
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .method(method, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A POST with {@code body} written as JSON, or none when it is null. */
    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    /** A PUT with {@code body} written as JSON. */
    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response postJson(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    public Response putJson(String path, String json) {
        return send("PUT", path, "application/json", json);
    }

    /** A request with {@code body} as it is, of the given content type (YAML, JSON written by hand). */
    public Response send(String method, String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).method(method, BodyPublishers.ofString(body)));
    }

    public Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)));
    }

    /** A multipart request of text parts and one file part named {@code data}, as the Camunda Modeler deploys. */
    public Response postMultipart(String path, Map<String, String> fields, String fileName, String fileContent) {
        return postMultipart(path, fields, "data", fileName, fileContent);
    }

    /** A multipart request of text parts and one file part, {@code filePart}, as a browser's form sends a file. */
    public Response postMultipart(String path, Map<String, String> fields, String filePart, String fileName,
            String fileContent) {
        String boundary = "----release-gate-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + filePart + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + fileContent + "\r\n--" + boundary + "--\r\n");
        BodyPublisher publisher = BodyPublishers.ofByteArray(body.toByteArray());
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(publisher));
    }

    /**
     * Process or form variables in the REST API's shape: {@code {"variables": {name: {"value": …}}}}; a file
     * ({@code FileValue}) as the REST API takes one: its content in base 64, its name and type.
     */
    public static Map<String, Object> variables(Map<String, ?> values) {
        Map<String, Object> variables = new HashMap<>();
        for (String name : values.keySet()) {
            // in a VariableMap, a file's value is its content (a stream): the REST API needs its name and type too
            Object value = values instanceof VariableMap typed && typed.getValueTyped(name) instanceof FileValue file
                    ? file : values.get(name);
            variables.put(name, value instanceof FileValue file ? file(file) : Map.of("value", value));
        }
        return Map.of("variables", variables);
    }

    private static Map<String, Object> file(FileValue file) {
        try (InputStream content = file.getValue()) {
            Map<String, Object> valueInfo = new HashMap<>();
            valueInfo.put("filename", file.getFilename());
            if (file.getMimeType() != null) {
                valueInfo.put("mimeType", file.getMimeType());
            }
            return Map.of("type", "File", "value", Base64.getEncoder().encodeToString(content.readAllBytes()),
                    "valueInfo", valueInfo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::setHeader);
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
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            return new Response(response.statusCode(), new String(bytes, charset(response.headers())),
                    response.headers(), bytes);
        } catch (IOException e) {
            return new Response(0, e.toString(), HttpHeaders.of(Map.of(), (name, value) -> true),
                    e.toString().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The charset the answer names (as {@code BodyHandlers.ofString} reads it), UTF-8 when it names none. */
    private static Charset charset(HttpHeaders headers) {
        return headers.firstValue("Content-Type").stream()
                .flatMap(type -> Arrays.stream(type.split(";")))
                .map(String::strip)
                .filter(parameter -> parameter.toLowerCase(Locale.ROOT).startsWith("charset="))
                .map(parameter -> parameter.substring("charset=".length()).replace("\"", ""))
                .filter(Charset::isSupported)
                .map(Charset::forName)
                .findFirst().orElse(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
