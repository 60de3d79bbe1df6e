package org.releasegate.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agents this engine node hands steps to (docs/agents.md), declared on the engine node: each agent's engine user,
 * in the group {@code agents}, the environments whose steps it alone runs, and the password it logs in with. The
 * engine node stops fetching those environments' steps, and the engine refuses an agent any other environment's.
 *
 * @param agents by engine user id ({@code agent-production}): letters, digits and {@code -}
 */
@ConfigurationProperties("releasegate")
public record AgentAccounts(@DefaultValue Map<String, Agent> agents) {

    /**
     * @param environments      {@code production}, {@code test} or both
     * @param password          what the agent logs in with (its {@code RELEASEGATE_WORKER_PASSWORD}), set on its user at
     *                          every start of the engine node; 12 characters at least
     * @param unresponsiveAfter how long one of its steps may wait untaken before operations see an incident saying the
     *                          agent no longer answers
     */
    public record Agent(Set<String> environments, String password,
                        @DefaultValue("2m") Duration unresponsiveAfter) {

        public Agent {
            environments = environments == null ? Set.of() : Set.copyOf(environments);
        }
    }

    /** The agent that runs an environment's steps, if one is declared. */
    public Optional<Map.Entry<String, Agent>> of(String environment) {
        return agents.entrySet().stream().filter(agent -> agent.getValue().environments().contains(environment))
                .findFirst();
    }

    /** The environments an agent serves. */
    public Set<String> environments() {
        return agents.values().stream().flatMap(agent -> agent.environments().stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
