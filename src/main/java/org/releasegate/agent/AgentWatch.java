package org.releasegate.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.releasegate.AgentComponents;
import org.releasegate.message.Messages;
import org.releasegate.security.AgentAccounts;
import org.releasegate.worker.StepTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells operations, in Cockpit, when an agent leaves its steps waiting. Camunda keeps no heartbeat of its workers, but
 * an agent that runs long-polls without pause, so a step of its environment that nobody has locked for
 * {@code unresponsive-after} means the agent is down, cut off or refused (a stopped service, a firewall, a changed
 * password) — the same test catches an agent that died holding a step, once the lock runs out. Each such step gets an
 * incident of type {@value #INCIDENT_TYPE} that says so in French; once the agent locks the step (or it is gone), the
 * incident is resolved. The step itself is left as it is: the agent takes it when it comes back. Every engine node runs
 * this watch; a step gets one incident however many nodes see it waiting at once ({@link #openOnce}).
 */
@Component
@Profile("!" + AgentComponents.PROFILE)
class AgentWatch {

    static final String INCIDENT_TYPE = "agentUnresponsive";

    private static final Logger LOG = LoggerFactory.getLogger(AgentWatch.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final AgentAccounts agents;
    private final ExternalTaskService externalTasks;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final CommandExecutor commands;
    private final Clock clock;
    private ScheduledExecutorService timer;

    AgentWatch(AgentAccounts agents, ExternalTaskService externalTasks, RuntimeService runtime,
               RepositoryService repository, ProcessEngineConfigurationImpl engine, Clock clock) {
        this.agents = agents;
        this.externalTasks = externalTasks;
        this.runtime = runtime;
        this.repository = repository;
        this.commands = engine.getCommandExecutorTxRequired();
        this.clock = clock;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        if (agents.agents().isEmpty()) {
            return;
        }
        Duration shortest = agents.agents().values().stream().map(AgentAccounts.Agent::unresponsiveAfter)
                .min(Duration::compareTo).orElseThrow();
        long period = Math.max(500, Math.min(shortest.toMillis() / 3, 30_000));
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::checkSafely, period, period, TimeUnit.MILLISECONDS);
    }

    @EventListener
    void stop(ContextClosedEvent closed) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Could not check whether the agents take their steps: {}", e.getMessage());
        }
    }

    void check() {
        Instant now = clock.instant();
        for (ExternalTask task : externalTasks.createExternalTaskQuery().notLocked().withRetriesLeft().list()) {
            Optional<String> environment = StepTopics.environmentOf(task.getTopicName());
            Optional<Map.Entry<String, AgentAccounts.Agent>> agent = environment.flatMap(agents::of);
            if (agent.isEmpty()) {
                continue;
            }
            Instant waitingSince = waitingSince(task);
            if (Duration.between(waitingSince, now).compareTo(agent.get().getValue().unresponsiveAfter()) >= 0
                    && openIncident(task.getId()).isEmpty()) {
                String message = message(environment.get(), agent.get().getKey(), stepName(task), waitingSince);
                if (openOnce(task, message)) {
                    LOG.warn("{} (task {}, process instance {})", message, task.getId(), task.getProcessInstanceId());
                }
            }
        }
        for (Incident incident : runtime.createIncidentQuery().incidentType(INCIDENT_TYPE).list()) {
            ExternalTask task = externalTasks.createExternalTaskQuery()
                    .externalTaskId(incident.getConfiguration()).singleResult();
            if (task == null || task.getLockExpirationTime() != null && task.getLockExpirationTime().toInstant()
                    .isAfter(now)) {
                runtime.resolveIncident(incident.getId());
                LOG.info("The agent took step {} again (or it ended): incident resolved", incident.getConfiguration());
            }
        }
    }

    /**
     * Opens the step's incident unless one is open or the step is locked by now, in one transaction that also writes
     * the step's row (a new revision): of two engine nodes that both found no incident, the second one's write fails
     * on that row once the first one commits, and its incident is rolled back with it. An agent that locks the step at
     * that moment races on the same row; the engine skips a fetch that lost, and the agent fetches again.
     *
     * @return whether this node opened it
     */
    private boolean openOnce(ExternalTask task, String message) {
        try {
            return commands.execute(context -> {
                ExternalTaskEntity step = context.getExternalTaskManager().findExternalTaskById(task.getId());
                if (step == null || step.getLockExpirationTime() != null && step.getLockExpirationTime().toInstant()
                        .isAfter(clock.instant()) || openIncident(task.getId()).isPresent()) {
                    return false;
                }
                context.getDbEntityManager().forceUpdate(step);
                runtime.createIncident(INCIDENT_TYPE, task.getExecutionId(), task.getId(), message);
                return true;
            });
        } catch (OptimisticLockingException anotherNodeOrTheAgent) {
            return false;
        }
    }

    /** Since the step was created, or since the last lock on it ran out (an agent that died holding it). */
    private static Instant waitingSince(ExternalTask task) {
        Date created = task.getCreateTime();
        Date lockEnd = task.getLockExpirationTime();
        Instant since = created == null ? Instant.EPOCH : created.toInstant();
        return lockEnd != null && lockEnd.toInstant().isAfter(since) ? lockEnd.toInstant() : since;
    }

    private Optional<Incident> openIncident(String taskId) {
        return runtime.createIncidentQuery().incidentType(INCIDENT_TYPE).configuration(taskId).list().stream()
                .findFirst();
    }

    private String stepName(ExternalTask task) {
        FlowElement element = repository.getBpmnModelInstance(task.getProcessDefinitionId())
                .getModelElementById(task.getActivityId());
        // Names are wrapped for the diagram
        return element == null || element.getName() == null ? task.getActivityId()
                : element.getName().replaceAll("\\s+", " ").trim();
    }

    static String message(String environment, String agent, String step, Instant waitingSince) {
        ZonedDateTime since = waitingSince.atZone(ZoneId.systemDefault());
        return Messages.text("agent.unresponsive", environment, agent, step, DAY.format(since), TIME.format(since));
    }
}
