package org.releasegate.security;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.security.AuthorizationMatrix.Action;
import org.releasegate.security.AuthorizationMatrix.Channel;
import org.releasegate.security.AuthorizationMatrix.Role;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tries an action over HTTP: on the REST API with HTTP basic authentication, or on the webapps' API with the session
 * of a Tasklist login and the XSRF token, as the webapps do. Both are the engine's REST resources under another
 * path. Anonymous sends no credentials (and, on the webapps, a valid XSRF token but no login).
 */
final class HttpApiProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "demo";

    private final Channel channel;
    private final int port;
    private final String engineApi;
    private final ProcessEngine engine;
    private final TestReleases releases;
    private final Map<Role, ApplicationClient> sessions = new EnumMap<>(Role.class);

    HttpApiProbe(Channel channel, int port, ProcessEngine engine, TestReleases releases) {
        this.channel = channel;
        this.port = port;
        this.engineApi = channel == Channel.REST_API ? "/engine-rest" : "/camunda/api/engine/engine/default";
        this.engine = engine;
        this.releases = releases;
    }

    boolean attempt(Action action, Role role) {
        ApplicationClient client = session(role);
        return switch (action.verb()) {
            case START_AT_STEP -> {
                Response response = client.postJson(engineApi + "/process-definition/key/" + ReleasePolicy.PROCESS_KEY
                        + "/start", json(Map.of("businessKey", TestReleases.BUSINESS_KEY,
                        "startInstructions", List.of(Map.of("type", "startBeforeActivity",
                                "activityId", Elements.FINAL_ACCEPTANCE)))));
                if (response.status() == 200) {
                    releases.created(read(response).get("id").asText());
                }
                yield allowed(response, 200);
            }
            case SEE_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield listed(client.get(engineApi + "/task?processInstanceId=" + task.getProcessInstanceId()), task.getId());
            }
            case CLAIM_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield allowed(client.postJson(engineApi + "/task/" + task.getId() + "/claim",
                        json(Map.of("userId", JavaApiProbe.userId(role)))), 204);
            }
            case COMPLETE_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield allowed(client.postJson(engineApi + "/task/" + task.getId() + "/complete",
                        json(Map.of("variables", values(TestReleases.harmlessCompletion(action.target()))))), 204);
            }
            case SEE_RELEASES -> {
                String releaseId = releases.releaseAt(Elements.FINAL_ACCEPTANCE, "paul");
                yield listed(client.get(engineApi + "/process-instance?processInstanceIds=" + releaseId), releaseId);
            }
            case MODIFY_RELEASE -> {
                String releaseId = releases.releaseAt(Elements.FINAL_ACCEPTANCE, "paul");
                yield allowed(client.postJson(engineApi + "/process-instance/" + releaseId + "/modification",
                        json(Map.of("instructions", List.of(
                                Map.of("type", "cancel", "activityId", Elements.FINAL_ACCEPTANCE),
                                Map.of("type", "startBeforeActivity", "activityId", Elements.DECIDE_ON_FAILURE))))), 204);
            }
            case READ_HISTORY -> historyReadable(client, role, releases.finishedRelease("paul"));
            case READ_REPORT -> allowed(client.get("/reports/" + releases.finishedRelease("paul")), 200);
            case ACCESS_APP -> channel == Channel.REST_API ? restAccess(client, action.target()) : webappLogin(role, action.target());
            case MANAGE_USERS -> {
                String id = "essai-" + UUID.randomUUID().toString().substring(0, 8);
                Response response = client.postJson(engineApi + "/user/create", json(Map.of(
                        "profile", Map.of("id", id, "firstName", "Essai", "lastName", "Autorisations"),
                        "credentials", Map.of("password", UUID.randomUUID().toString()))));
                engine.getIdentityService().deleteUser(id);
                yield allowed(response, 204);
            }
            case DEPLOY -> {
                Response response = client.postMultipart(engineApi + "/deployment/create",
                        Map.of("deployment-name", "test-autorisations"),
                        "test-autorisations.txt", "déployé par le test des autorisations");
                if (response.status() == 200) {
                    engine.getRepositoryService().deleteDeployment(read(response).get("id").asText(), true);
                }
                yield allowed(response, 200);
            }
        };
    }

    /** What the REST API answers about the caller's own access to an application. */
    private boolean restAccess(ApplicationClient client, String application) {
        Response response = client.get(engineApi + "/authorization/check?permissionName=ACCESS&resourceName=Application"
                + "&resourceType=0&resourceId=" + application);
        return response.status() == 200 ? read(response).get("authorized").asBoolean() : allowed(response, 200);
    }

    /** Logging in to the application itself: the webapps check access to it then (a fresh session each time). */
    private boolean webappLogin(Role role, String application) {
        ApplicationClient fresh = ApplicationClient.anonymous(port);
        fresh.get("/camunda/app/" + application + "/");
        Response login = fresh.login(role.user == null ? "" : role.user, role.user == null ? "" : PASSWORD, application);
        if (login.status() == 200) {
            JsonNode apps = read(login).get("authorizedApps");
            for (JsonNode app : apps) {
                if (app.asText().equals(application)) {
                    return true;
                }
            }
            throw new AssertionError("Login to " + application + " accepted but not listed in " + apps);
        }
        return allowed(login, 200);
    }

    private boolean historyReadable(ApplicationClient client, Role role, String releaseId) {
        List<Boolean> readable = List.of(
                listed(client.get(engineApi + "/history/process-instance?processInstanceId=" + releaseId), null),
                listed(client.get(engineApi + "/history/activity-instance?processInstanceId=" + releaseId), null),
                listed(client.get(engineApi + "/history/task?processInstanceId=" + releaseId), null),
                listed(client.get(engineApi + "/history/variable-instance?processInstanceId=" + releaseId), null));
        if (readable.stream().distinct().count() > 1) {
            throw new AssertionError(role + " sees part of the history only (process, activities, tasks, variables): "
                    + readable);
        }
        return readable.get(0);
    }

    private ApplicationClient session(Role role) {
        return sessions.computeIfAbsent(role, this::openSession);
    }

    private ApplicationClient openSession(Role role) {
        if (channel == Channel.REST_API) {
            return role.user == null ? ApplicationClient.anonymous(port) : ApplicationClient.basic(port, role.user, PASSWORD);
        }
        if (!role.webapps) {
            // Anonymous, or a person the webapps' login refuses (ACCESS_APP cells): no session of their own.
            ApplicationClient anonymous = ApplicationClient.anonymous(port);
            anonymous.get("/camunda/app/tasklist/"); // a valid XSRF token: refusals are then about who calls
            return anonymous;
        }
        return ApplicationClient.webapp(port, role.user, PASSWORD, "tasklist");
    }

    /** A 200 list holding the item (or anything, when {@code id} is null) is allowed; an empty one or 401/403 denied. */
    private static boolean listed(Response response, String id) {
        if (response.status() != 200) {
            return allowed(response, 200);
        }
        for (JsonNode item : read(response)) {
            if (id == null || id.equals(item.get("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowed(Response response, int success) {
        if (response.status() == success) {
            return true;
        }
        if (response.status() == 401 || response.status() == 403) {
            return false;
        }
        throw new AssertionError("Neither allowed nor denied: " + response);
    }

    private static Map<String, Object> values(Map<String, Object> variables) {
        Map<String, Object> values = new HashMap<>();
        variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
        return values;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + response, e);
        }
    }
}
