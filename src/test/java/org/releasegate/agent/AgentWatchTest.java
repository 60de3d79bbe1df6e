package org.releasegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.data.TestPostgres;
import org.releasegate.environment.Environments;
import org.releasegate.security.AgentAccounts;
import org.releasegate.worker.StepTopics;

/**
 * The watch of agents that no longer take their steps, as two engine nodes run it on one PostgreSQL database: both see
 * the same step waiting at the same moment, and it gets one incident. The two watches are made to reach the incident's
 * creation together (each waits for the other there, both having found no incident), then create it one after the
 * other: the interleaving that gave two incidents when the look and the creation were two transactions.
 */
class AgentWatchTest {

    private static final String DATABASE = "rg_agent_watch";
    private static final String TOPIC = StepTopics.of("check-health", Environments.PRODUCTION);

    private ProcessEngine engine;

    @BeforeEach
    void engineOnPostgres() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)",
                "CREATE DATABASE " + DATABASE + " OWNER " + TestPostgres.ROLE);
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("agent-watch-test");
        configuration.setJdbcUrl(postgres.url(DATABASE));
        configuration.setJdbcDriver("org.postgresql.Driver");
        configuration.setJdbcUsername(TestPostgres.ROLE);
        configuration.setJdbcPassword(TestPostgres.PASSWORD);
        configuration.setDatabaseSchemaUpdate("true");
        configuration.setJobExecutorActivate(false);
        configuration.setHistory("full");
        engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance("watched.bpmn",
                Bpmn.createExecutableProcess("watched").camundaHistoryTimeToLive(1).startEvent()
                        .serviceTask("checkHealth").name("Contrôler la santé").camundaExternalTask(TOPIC)
                        .endEvent().done()).deploy();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void twoNodesSeeingTheSameStepWaitingOpenOneIncident() throws Exception {
        String instance = engine.getRuntimeService().startProcessInstanceByKey("watched").getId();
        CyclicBarrier together = new CyclicBarrier(2);
        List<AgentWatch> nodes = List.of(watch(together), watch(together));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (AgentWatch node : nodes) {
                checks.add(threads.submit(node::check));
            }
            for (Future<?> check : checks) {
                check.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(together.isBroken()).as("both watches reached the incident's creation together").isFalse();

        List<Incident> incidents = incidents(instance);
        assertThat(incidents).as("one incident for the step both nodes saw waiting").hasSize(1);
        assertThat(incidents.get(0).getIncidentMessage()).contains("agent-production").contains("Contrôler la santé");
        nodes.get(0).check();
        nodes.get(1).check();
        assertThat(incidents(instance)).as("still one at the next checks").hasSize(1);

        // The agent comes back and locks the step: the incident is resolved, and no other is opened.
        List<?> locked = engine.getExternalTaskService().fetchAndLock(1, "agent-production@prod/1-test")
                .topic(TOPIC, 600_000).execute();
        assertThat(locked).hasSize(1);
        nodes.get(1).check();
        assertThat(incidents(instance)).as("resolved once the agent took the step").isEmpty();
    }

    /**
     * A node's watch: an agent for production whose steps may not wait at all, and a runtime service whose
     * {@code createIncident} first waits (up to 5 s) for the other node's to be called too — both nodes have then
     * looked for an open incident and found none — and then runs alone.
     */
    private AgentWatch watch(CyclicBarrier together) {
        RuntimeService runtime = engine.getRuntimeService();
        RuntimeService meeting = (RuntimeService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RuntimeService.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("createIncident")) {
                        try {
                            together.await(5, TimeUnit.SECONDS);
                        } catch (TimeoutException | BrokenBarrierException alone) {
                            // the other node did not get this far: nothing to line up with
                        }
                    }
                    // One after the other: each node's creation, if it commits on its own, commits before the other's
                    // starts, as on two nodes whose checks are a few milliseconds apart.
                    synchronized (together) {
                        try {
                            return method.invoke(runtime, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
        AgentAccounts agents = new AgentAccounts(Map.of("agent-production", new AgentAccounts.Agent(
                Set.of(Environments.PRODUCTION), "not-used-here-0123", Duration.ZERO)));
        return new AgentWatch(agents, engine.getExternalTaskService(), meeting, engine.getRepositoryService(),
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    }

    private List<Incident> incidents(String instance) {
        return engine.getRuntimeService().createIncidentQuery().processInstanceId(instance)
                .incidentType(AgentWatch.INCIDENT_TYPE).list();
    }
}
