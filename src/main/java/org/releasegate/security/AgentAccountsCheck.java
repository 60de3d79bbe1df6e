package org.releasegate.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.releasegate.SettingsCheck;
import org.releasegate.environment.Environments;
import org.releasegate.worker.WorkerProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Refuses to start an engine node whose declared agents ({@code releasegate.agents}) could not work or be trusted. */
@Component
class AgentAccountsCheck extends SettingsCheck {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Set<String> ENVIRONMENTS = Set.of(Environments.PRODUCTION, Environments.TEST);

    @Override
    protected String headline() {
        return "The agents declared on this engine node (releasegate.agents) are wrong";
    }

    @Override
    protected List<String> problems(Environment environment) {
        return problems(settings(environment, AgentAccounts.class),
                settings(environment, WorkerProperties.class).username());
    }

    static List<String> problems(AgentAccounts accounts, String workerUser) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, AgentAccounts.Agent> entry : accounts.agents().entrySet()) {
            String id = entry.getKey();
            AgentAccounts.Agent agent = entry.getValue();
            String where = "releasegate.agents." + id;
            if (!id.matches("[a-zA-Z0-9-]+")) {
                problems.add(where + ": an agent's user id has letters, digits and '-' only");
            }
            if (id.equals(workerUser)) {
                problems.add(where + ": the agent cannot be the engine node's own workers' user (" + workerUser + ")");
            }
            if (agent.environments().isEmpty() || !ENVIRONMENTS.containsAll(agent.environments())) {
                problems.add(where + ".environments must name production, test or both (is " + agent.environments()
                        + ")");
            }
            if (agent.password() == null || agent.password().length() < MIN_PASSWORD_LENGTH) {
                problems.add(where + ".password must have " + MIN_PASSWORD_LENGTH + " characters at least (from the "
                        + "environment, never from a file in the repository)");
            }
            if (agent.unresponsiveAfter().compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add(where + ".unresponsive-after must be 1s or more");
            }
        }
        return problems;
    }
}
