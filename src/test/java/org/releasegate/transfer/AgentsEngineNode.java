package org.releasegate.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.releasegate.environment.Environments;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.Roles;
import org.releasegate.worker.StepTopics;
import org.releasegate.worker.WorkerCredentials;
import org.releasegate.worker.WorkerProperties;

/**
 * The engine node of the tests where an agent's code calls {@code /transfer/…} over HTTP in one JVM: a real in-memory
 * engine holding the lock of production's agent on one step, the two agents it declares, and what its servlet stack
 * would do — the engine's authentication of the HTTP basic login.
 */
final class AgentsEngineNode {

    static final String PRODUCTION_AGENT = "agent-production";
    static final String TEST_AGENT = "agent-test";
    static final String PASSWORD = "un mot de passe long";

    private AgentsEngineNode() {
    }

    /** An engine whose one release waits at {@code element}, on production's topic of {@code step}. */
    static ProcessEngine engine(String name, String element, String step, Map<String, Object> variables) {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName(name);
        configuration.setJdbcUrl("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=1000");
        configuration.setDatabaseSchemaUpdate("create-drop");
        configuration.setJobExecutorActivate(false);
        ProcessEngine engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance("step.bpmn",
                Bpmn.createExecutableProcess("step").camundaHistoryTimeToLive(1).startEvent()
                        .serviceTask(element).camundaExternalTask(StepTopics.of(step, Environments.PRODUCTION))
                        .endEvent().done()).deploy();
        engine.getRuntimeService().startProcessInstanceByKey("step", Variables.fromMap(variables));
        return engine;
    }

    /** The step's task, locked by production's agent. */
    static LockedExternalTask lockedByProductionsAgent(ProcessEngine engine, String step) {
        return engine.getExternalTaskService().fetchAndLock(1, PRODUCTION_AGENT + "@erp-prod/42-ab")
                .topic(StepTopics.of(step, Environments.PRODUCTION), 60_000).execute().get(0);
    }

    static AgentAccounts agents() {
        return new AgentAccounts(Map.of(
                PRODUCTION_AGENT, new AgentAccounts.Agent(Set.of(Environments.PRODUCTION), PASSWORD,
                        Duration.ofMinutes(2)),
                TEST_AGENT, new AgentAccounts.Agent(Set.of(Environments.TEST), PASSWORD, Duration.ofMinutes(2))));
    }

    /** How {@code user}'s agent reaches the engine node served by {@code node}. */
    static EngineLink link(HttpServer node, String user) {
        WorkerProperties worker = new WorkerProperties(true, "http://127.0.0.1:" + node.getAddress().getPort()
                + "/engine-rest", user, PASSWORD, Duration.ofSeconds(60), Duration.ofSeconds(20), 3,
                Duration.ofSeconds(10));
        return new EngineLink(worker, new WorkerCredentials(worker));
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** The engine's authentication of the basic login: the agents in the group {@code agents}, people elsewhere. */
    static void authenticate(HttpExchange exchange, IdentityService identity) {
        String login = new String(Base64.getDecoder().decode(exchange.getRequestHeaders().getFirst("Authorization")
                .substring("Basic ".length())), StandardCharsets.UTF_8);
        String user = login.substring(0, login.indexOf(':'));
        identity.setAuthentication(user, List.of(user.startsWith("agent-") ? Roles.AGENTS : Roles.RELEASE_MANAGERS));
    }

    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
