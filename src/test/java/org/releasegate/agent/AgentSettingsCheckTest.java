package org.releasegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.releasegate.worker.WorkerProperties;

/** An agent refuses to start when it could not reach its engine, or would send its password in clear. */
class AgentSettingsCheckTest {

    @Test
    void anAgentOverHttpsWithItsPasswordStarts() {
        assertThat(AgentSettingsCheck.problems(agent(Set.of("production", "test"), false),
                worker("https://release-gate.example.com/engine-rest", "secret"))).isEmpty();
    }

    @Test
    void plainHttpIsRefusedToAnotherHostUnlessExplicitlyAllowed() {
        WorkerProperties remote = worker("http://10.200.0.1:8080/engine-rest", "secret");
        assertThat(AgentSettingsCheck.problems(agent(Set.of("production"), false), remote))
                .singleElement().asString().contains("cross the network in clear");
        assertThat(AgentSettingsCheck.problems(agent(Set.of("production"), true), remote)).isEmpty();
        assertThat(AgentSettingsCheck.problems(agent(Set.of("production"), false),
                worker("http://localhost:8080/engine-rest", "secret"))).isEmpty();
    }

    @Test
    void everyMissingSettingIsNamed() {
        assertThat(AgentSettingsCheck.problems(agent(Set.of("recette"), false), worker(null, null))).hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("RELEASEGATE_AGENT_ENVIRONMENTS"))
                .anySatisfy(problem -> assertThat(problem).contains("RELEASEGATE_ENGINE_URL"))
                .anySatisfy(problem -> assertThat(problem).contains("RELEASEGATE_WORKER_PASSWORD"));
        assertThat(AgentSettingsCheck.problems(agent(Set.of("production"), false), worker("not a url", "secret")))
                .singleElement().asString().contains("not a URL");
    }

    private static AgentProperties agent(Set<String> environments, boolean allowPlainHttp) {
        return new AgentProperties(environments, allowPlainHttp);
    }

    private static WorkerProperties worker(String engineUrl, String password) {
        return new WorkerProperties(true, engineUrl, "agent-production", password, Duration.ofSeconds(60),
                Duration.ofSeconds(20), 3, Duration.ofSeconds(10));
    }
}
