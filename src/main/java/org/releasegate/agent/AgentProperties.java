package org.releasegate.agent;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * releasegate.agent: what a node started with the {@code agent} profile runs (docs/agents.md). It reaches the engine
 * through {@code releasegate.worker.engine-url} as {@code releasegate.worker.username} / {@code password}, a user the
 * engine node declares under {@code releasegate.agents} for the same environments.
 *
 * @param environments   the environments whose steps this agent runs: production, test or both
 *                       (RELEASEGATE_AGENT_ENVIRONMENTS)
 * @param allowPlainHttp accept an {@code http://} engine URL to another host, the password then crossing the network
 *                       in clear: for an isolated test network only
 */
@ConfigurationProperties("releasegate.agent")
public record AgentProperties(@DefaultValue Set<String> environments, @DefaultValue("false") boolean allowPlainHttp) {
}
