package org.releasegate.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine's REST API as a person reaches it from outside the application (HTTP basic auth, JSON), for tests that
 * run the application in another JVM.
 */
final class EngineRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    EngineRestClient(int port) {
        this("localhost", port);
    }

    EngineRestClient(String host, int port) {
        this.baseUrl = "http://" + host + ":" + port + "/engine-rest";
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The JSON answer of a GET; fails on any status but 200. */
    JsonNode get(String user, String path) {
        Response response = send(user, "GET", path, null);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " as " + user + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    Response post(String user, String path, Object body) {
        return send(user, "POST", path, body);
    }

    /** The answer; status 0 when nothing answered (not listening yet or any more). */
    Response send(String user, String method, String path, Object body) {
        return send(user, "demo", method, path, body);
    }

    /** As {@link #send(String, String, String, Object)}, for a user whose password is not the demo's. */
    Response send(String user, String password, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Process or form variables in the REST API's shape: {@code {name: {value: …}}}. */
    static Map<String, Object> variables(Map<String, Object> values) {
        Map<String, Object> variables = new HashMap<>();
        values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
        return Map.of("variables", variables);
    }

    record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
