package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.transfer.TransferProtocol;

/**
 * Agent mode, each node in a JVM of its own: an engine node that declares an agent for production, and that agent.
 * The engine node no longer fetches production's steps; while the agent is down, a production step waits with an
 * incident that says so; the agent, started, takes it and completes it; stopped, then started again, likewise. The
 * agent's login reaches nothing but its own environment's steps.
 */
class AgentModeTest {

    private static final String AGENT = "agent-production";
    private static final String AGENT_INCIDENT = "agentUnresponsive";
    private static final String HEALTH_STEP = ReleasePolicy.Elements.CHECK_PRODUCTION_HEALTH;

    @TempDir
    Path home;

    private final String agentPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    @Test
    void productionStepsRunOnTheProductionAgentOnlyAndWaitVisiblyWhileItIsDown() throws Exception {
        Path engineLog = home.resolve("engine.log");
        try (ChildApplication engine = ChildApplication.start(engineArguments(), Map.of("TEST_AGENT_PASSWORD",
                agentPassword), engineLog)) {
            ApplicationClient rest = engine.rest();
            assertThat(Files.readString(engineLog)).containsPattern("Workers subscribed to \\[[^\\]]*check-health@test")
                    .doesNotContainPattern("Workers subscribed to \\[[^\\]]*@production");

            String first = startAtHealthCheck(rest);
            JsonNode incident = awaitAgentIncident(rest, first);
            assertThat(incident.path("incidentMessage").asText())
                    .startsWith("L'agent de l'environnement production (" + AGENT + ") ne répond plus : l'étape "
                            + "« Contrôler la santé de la production » attend depuis le ")
                    .contains("Vérifiez que son service tourne sur le serveur de production");
            assertThat(externalTask(rest, first).path("topicName").asText()).isEqualTo("check-health@production");
            assertThat(externalTask(rest, first).path("workerId").isNull()).as("nobody took it").isTrue();

            theAgentsLoginReachesNothingElse(engine, rest, first);

            List<String> topics = new ArrayList<>();
            try (ChildApplication agent = ChildApplication.startAgent(agentArguments(engine), Map.of(
                    "RELEASEGATE_WORKER_PASSWORD", agentPassword), home.resolve("agent.log"), topics)) {
                assertThat(topics).containsExactlyInAnyOrder("check-health@production", "install-version@production",
                        "reopen-environment@production", "start-environment@production", "stop-environment@production",
                        "restore-archive@production");
                awaitStepRunByTheAgent(rest, first);
            }

            String second = startAtHealthCheck(rest);
            awaitAgentIncident(rest, second);
            try (ChildApplication agentAgain = ChildApplication.startAgent(agentArguments(engine), Map.of(
                    "RELEASEGATE_WORKER_PASSWORD", agentPassword), home.resolve("agent.log"), new ArrayList<>())) {
                awaitStepRunByTheAgent(rest, second);
            }
        }
        assertThat(Files.readString(home.resolve("agent.log"))).as("no secret in the agent's log")
                .doesNotContain(agentPassword);
    }

    private void theAgentsLoginReachesNothingElse(ChildApplication engine, ApplicationClient rest, String instance)
            throws Exception {
        assertThat(asAgent(rest, "GET", "/task", null).status()).as("tasks").isEqualTo(403);
        assertThat(asAgent(rest, "GET", "/process-instance", null).status()).as("releases").isEqualTo(403);
        assertThat(asAgent(rest, "GET", "/process-instance/" + instance + "/variables", null).status())
                .as("a release's variables").isEqualTo(403);
        assertThat(asAgent(rest, "GET", "/history/process-instance", null).status()).as("history").isEqualTo(403);
        assertThat(asAgent(rest, "POST", "/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/start", Map.of())
                .status()).as("start a release").isEqualTo(403);
        assertThat(asAgent(rest, "POST", "/task/any/complete", Map.of()).status()).as("complete a task")
                .isEqualTo(403);
        assertThat(asAgent(rest, "POST", "/external-task/fetchAndLock", fetch(AGENT + "@x", "check-health@test"))
                .status()).as("fetch test's steps").isEqualTo(403);
        assertThat(asAgent(rest, "POST", "/external-task/fetchAndLock", fetch(AGENT + "@x", "copy-production-data"))
                .status()).as("fetch the engine node's steps").isEqualTo(403);
        assertThat(asAgent(rest, "POST", "/external-task/fetchAndLock",
                fetch("release-gate-worker@x", "check-health@production")).status()).as("pass for another worker")
                .isEqualTo(403);
        String taskId = externalTask(rest, instance).path("id").asText();
        assertThat(asAgent(rest, "POST", "/external-task/" + taskId + "/lock",
                Map.of("workerId", AGENT + "@x", "lockDuration", 1000)).status()).as("lock a task by id")
                .isEqualTo(403);
        assertThat(asAgent(rest, "PUT", "/external-task/" + taskId + "/retries", Map.of("retries", 0)).status())
                .as("set a task's retries").isEqualTo(403);
        // /transfer/*, beside the REST API: copies between machines, for declared agents only
        ApplicationClient transfer = rest.at("/transfer");
        ApplicationClient agent = transfer.as(AGENT, agentPassword)
                .withHeader(TransferProtocol.HEADER, TransferProtocol.VERSION);
        assertThat(agent.get("/data/production").status())
                .as("production's data, asked by another agent than test's").isEqualTo(403);
        assertThat(agent.post("/" + "0".repeat(32), null).status())
                .as("send data nobody asked for").isEqualTo(404);
        assertThat(transfer.as("marie").withHeader(TransferProtocol.HEADER, TransferProtocol.VERSION).get("/orders")
                .status()).as("a person polls for transfers").isEqualTo(403);
        assertThat(transfer.get("/orders").status()).as("transfers without login").isEqualTo(401);
        ApplicationClient.Response olderAgent = transfer.as(AGENT, agentPassword).get("/orders");
        assertThat(olderAgent.status()).as("an agent of an earlier Release Gate").isEqualTo(409);
        assertThat(olderAgent.body()).isEqualTo("ce nœud de Release Gate parle la version " + TransferProtocol.VERSION
                + " des transferts entre machines, cette requête aucune (un agent antérieur à ce contrôle) : installez"
                + " la même version de Release Gate sur les agents et sur les nœuds du moteur");
        for (String app : List.of("tasklist", "cockpit", "admin")) {
            assertThat(webappLogin(engine, app)).as("log in to " + app).isNotEqualTo(200);
        }
    }

    private ApplicationClient.Response asAgent(ApplicationClient rest, String method, String path, Object body) {
        return rest.as(AGENT, agentPassword).send(method, path, body);
    }

    private static Map<String, Object> fetch(String workerId, String topic) {
        return Map.of("workerId", workerId, "maxTasks", 1,
                "topics", List.of(Map.of("topicName", topic, "lockDuration", 1000)));
    }

    /** The webapps' login form, as a browser sends it: the page's XSRF cookie echoed in a header. */
    private int webappLogin(ChildApplication engine, String app) {
        ApplicationClient browser = ApplicationClient.anonymous(engine.port());
        browser.get("/camunda/app/" + app + "/");
        ApplicationClient.Response login = browser.login(AGENT, agentPassword, app);
        if (login.status() == 0) {
            throw new AssertionError("the login to " + app + " got no answer: " + login.body());
        }
        return login.status();
    }

    private static String startAtHealthCheck(ApplicationClient rest) {
        ApplicationClient.Response started = rest.as("admin").post("/process-definition/key/" + ReleasePolicy.PROCESS_KEY
                + "/start", Map.of("startInstructions", List.of(Map.of("type", "startBeforeActivity",
                "activityId", HEALTH_STEP))));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started.json().path("id").asText();
    }

    private static JsonNode awaitAgentIncident(ApplicationClient rest, String instance) throws InterruptedException {
        await(Duration.ofSeconds(60), () -> incidents(rest, instance).size() > 0, "an incident says the agent is down");
        return incidents(rest, instance).get(0);
    }

    private static JsonNode incidents(ApplicationClient rest, String instance) {
        return rest.as("admin").getJson("/incident?incidentType=" + AGENT_INCIDENT + "&processInstanceId=" + instance);
    }

    private static JsonNode externalTask(ApplicationClient rest, String instance) {
        JsonNode tasks = rest.as("admin").getJson("/external-task?processInstanceId=" + instance);
        return tasks.size() == 0 ? null : tasks.get(0);
    }

    private static void awaitStepRunByTheAgent(ApplicationClient rest, String instance) throws InterruptedException {
        await(Duration.ofSeconds(90), () -> externalTask(rest, instance) == null, "the agent completed the step");
        JsonNode completed = rest.as("admin").getJson("/history/external-task-log?successLog=true&processInstanceId="
                + instance);
        assertThat(completed.findValuesAsText("workerId")).as("the agent completed it").singleElement().asString()
                .startsWith(AGENT + "@");
        JsonNode log = rest.as("admin").getJson("/history/external-task-log?processInstanceId=" + instance);
        assertThat(log.findValues("workerId")).filteredOn(worker -> !worker.isNull()).as("nobody else locked it")
                .allMatch(worker -> worker.asText().startsWith(AGENT + "@"));
        assertThat(rest.as("admin").getJson("/history/variable-instance?processInstanceId=" + instance
                + "&variableName=healthReport").get(0).path("value").asText()).contains("production");
        await(Duration.ofSeconds(30), () -> incidents(rest, instance).size() == 0, "the incident is resolved");
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .pollInSameThread().until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what, e);
        }
    }

    private List<String> engineArguments() {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/release-gate") + ";WRITE_DELAY=0",
                "--releasegate.demo.root=" + home.resolve("demo"),
                "--releasegate.inbox=" + home.resolve("demo/inbox"),
                "--releasegate.archive.root=" + home.resolve("demo/archives"),
                "--releasegate.strategic-processes-file=" + home.resolve("demo/strategic-processes.yaml"),
                "--releasegate.worker.long-polling=1s",
                "--releasegate.agents." + AGENT + ".environments=production",
                // from the child's environment, never on its command line
                "--releasegate.agents." + AGENT + ".password=${TEST_AGENT_PASSWORD}",
                "--releasegate.agents." + AGENT + ".unresponsive-after=3s"));
        arguments.addAll(environmentArguments("production"));
        arguments.addAll(environmentArguments("test"));
        return arguments;
    }

    private List<String> agentArguments(ChildApplication engine) {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=agent",
                "--releasegate.agent.environments=production",
                "--releasegate.worker.engine-url=" + engine.rest().baseUrl(),
                "--releasegate.worker.username=" + AGENT,
                "--releasegate.worker.long-polling=1s",
                "--releasegate.inbox=" + home.resolve("demo/inbox"),
                "--releasegate.environments.production.health.command[0]=sh",
                "--releasegate.environments.production.health.command[1]=bin/health.sh"));
        arguments.addAll(environmentArguments("production"));
        return arguments;
    }

    private List<String> environmentArguments(String environment) {
        return List.of("--releasegate.environments." + environment + ".install-root="
                        + home.resolve("demo/" + environment + "/app"),
                "--releasegate.environments." + environment + ".data.path="
                        + home.resolve("demo/" + environment + "/data"));
    }
}
