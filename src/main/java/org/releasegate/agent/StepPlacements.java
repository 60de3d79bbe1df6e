package org.releasegate.agent;

import java.util.HashSet;
import java.util.Set;

import org.releasegate.AgentComponents;
import org.releasegate.security.AgentAccounts;
import org.releasegate.worker.StepPlacement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Which steps this node runs. The engine node: every step acting on no single environment, and the steps of the
 * environments no agent is declared for ({@code releasegate.agents}, the engine node's own settings, so that one place
 * says who runs what and the engine can refuse an agent any other environment). An agent: its environments' only.
 */
@Configuration(proxyBeanMethods = false)
class StepPlacements {

    @Bean
    @Profile("!" + AgentComponents.PROFILE)
    StepPlacement engineNode(AgentAccounts agents) {
        Set<String> environments = new HashSet<>(StepPlacement.ALL_ENVIRONMENTS);
        environments.removeAll(agents.environments());
        return new StepPlacement(true, environments);
    }

    @Bean
    @Profile(AgentComponents.PROFILE)
    StepPlacement agentNode(AgentProperties agent) {
        return new StepPlacement(false, agent.environments());
    }
}
