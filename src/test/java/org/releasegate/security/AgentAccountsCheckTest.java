package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** An engine node refuses to start on agents that could not work or be trusted. */
class AgentAccountsCheckTest {

    @Test
    void aWellDeclaredAgentPasses() {
        assertThat(AgentAccountsCheck.problems(accounts("agent-production", Set.of("production"),
                "douze-caracteres"), "release-gate-worker")).isEmpty();
    }

    @Test
    void everyProblemIsNamed() {
        assertThat(AgentAccountsCheck.problems(accounts("release-gate-worker", Set.of("recette"), "court"),
                "release-gate-worker")).hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("the engine node's own workers' user"))
                .anySatisfy(problem -> assertThat(problem).contains("must name production, test or both"))
                .anySatisfy(problem -> assertThat(problem).contains("12 characters at least"));
        assertThat(AgentAccountsCheck.problems(accounts("agent prod", Set.of(), null), "w"))
                .anySatisfy(problem -> assertThat(problem).contains("letters, digits and '-'"))
                .anySatisfy(problem -> assertThat(problem).contains("must name production, test or both"));
    }

    private static AgentAccounts accounts(String id, Set<String> environments, String password) {
        return new AgentAccounts(Map.of(id, new AgentAccounts.Agent(environments, password, Duration.ofMinutes(2))));
    }
}
