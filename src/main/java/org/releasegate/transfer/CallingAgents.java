package org.releasegate.transfer;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.releasegate.AgentComponents;
import org.releasegate.api.Forbidden;
import org.releasegate.message.Messages;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.ApiCaller;
import org.releasegate.worker.StepTopics;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Who calls {@code /transfer/*} on the engine node, and what that caller may be given: a declared agent, for its own
 * environments, while it holds the lock of the step the transfer serves. One place for the checks every endpoint
 * makes, so that no endpoint hands data to a login that merely authenticates.
 */
@Component
@Profile("!" + AgentComponents.PROFILE)
class CallingAgents {

    private final AgentAccounts agents;
    private final ApiCaller caller;
    private final IdentityService identity;
    private final ExternalTaskService externalTasks;
    private final RuntimeService runtime;

    CallingAgents(AgentAccounts agents, ApiCaller caller, IdentityService identity, ExternalTaskService externalTasks,
                  RuntimeService runtime) {
        this.agents = agents;
        this.caller = caller;
        this.identity = identity;
        this.externalTasks = externalTasks;
        this.runtime = runtime;
    }

    /**
     * The caller, a declared agent; the engine's authentication is then cleared, so that what the endpoint asks the
     * engine is asked as the node itself (an agent's login may only fetch and finish its steps).
     *
     * @throws Forbidden for anyone else (French)
     */
    String requireAgent() {
        Optional<String> user = caller.agent().filter(agents.agents()::containsKey);
        identity.clearAuthentication();
        return user.orElseThrow(() -> new Forbidden(Messages.text("transfer.api.agents-only")));
    }

    /** {@link #requireAgent()}, refusing anyone else with the endpoint's own {@code refusal}. */
    String requireAgent(Supplier<Forbidden> refusal) {
        try {
            return requireAgent();
        } catch (Forbidden notAnAgent) {
            throw refusal.get();
        }
    }

    /** The environments {@code agent} is declared for on this node. */
    Set<String> environmentsOf(String agent) {
        return agents.agents().get(agent).environments();
    }

    /**
     * Whether {@code agent} holds now the lock of a step of {@code step} on one of {@code environments} that it
     * declares, under its own worker id, whose execution's {@code variable} passes {@code value}.
     */
    boolean holdsLock(String agent, String step, Set<String> environments, String variable, Predicate<Object> value) {
        return lockedTasks(agent, step, environments).stream()
                .anyMatch(task -> variable == null || value.test(variableOf(task, variable)));
    }

    /** The tasks of {@code step} on those of {@code environments} it declares that {@code agent} holds the lock of now. */
    List<ExternalTask> lockedTasks(String agent, String step, Set<String> environments) {
        Date now = new Date();
        return environments.stream().filter(environmentsOf(agent)::contains)
                .flatMap(environment -> externalTasks.createExternalTaskQuery()
                        .topicName(StepTopics.of(step, environment)).locked().list().stream())
                .filter(task -> ownLiveLock(task, agent, now)).toList();
    }

    /** A variable as the task's execution sees it. */
    Object variableOf(ExternalTask task, String variable) {
        return runtime.getVariable(task.getExecutionId(), variable);
    }

    private static boolean ownLiveLock(ExternalTask task, String agent, Date now) {
        return task.getWorkerId() != null && task.getWorkerId().startsWith(agent + "@")
                && task.getLockExpirationTime() != null && task.getLockExpirationTime().after(now);
    }
}
