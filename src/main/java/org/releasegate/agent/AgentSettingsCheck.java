package org.releasegate.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.releasegate.AgentComponents;
import org.releasegate.SettingsCheck;
import org.releasegate.worker.StepPlacement;
import org.releasegate.worker.WorkerProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Refuses to start an agent that could not reach its engine, or would send its password in clear. */
@Component
@Profile(AgentComponents.PROFILE)
class AgentSettingsCheck extends SettingsCheck {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @Override
    protected String headline() {
        return "The agent refuses to start";
    }

    @Override
    protected List<String> problems(Environment environment) {
        return problems(settings(environment, AgentProperties.class), settings(environment, WorkerProperties.class));
    }

    static List<String> problems(AgentProperties agent, WorkerProperties worker) {
        List<String> problems = new ArrayList<>();
        if (agent.environments().isEmpty() || !StepPlacement.ALL_ENVIRONMENTS.containsAll(agent.environments())) {
            problems.add("releasegate.agent.environments (RELEASEGATE_AGENT_ENVIRONMENTS) must name production, test or"
                    + " both (is " + agent.environments() + ")");
        }
        String url = worker.engineUrl();
        if (url == null || url.isBlank()) {
            problems.add("releasegate.worker.engine-url (RELEASEGATE_ENGINE_URL) must name the engine's REST API, "
                    + "e.g. https://release-gate.example.com/engine-rest");
        } else {
            URI uri = uri(url.trim());
            if (uri == null || uri.getHost() == null || !Set.of("http", "https").contains(uri.getScheme())) {
                problems.add("releasegate.worker.engine-url (RELEASEGATE_ENGINE_URL) is not a URL of the engine's REST "
                        + "API: " + url);
            } else if ("http".equals(uri.getScheme()) && !LOOPBACK.contains(uri.getHost())
                    && !agent.allowPlainHttp()) {
                problems.add("releasegate.worker.engine-url is plain http to another host: the agent's password would "
                        + "cross the network in clear. Use https (docs/agents.md, \"TLS\"), or set "
                        + "releasegate.agent.allow-plain-http=true on an isolated test network");
            }
        }
        if (worker.password() == null || worker.password().isBlank()) {
            problems.add("releasegate.worker.password (RELEASEGATE_WORKER_PASSWORD) must be the agent's password, "
                    + "the one declared for it on the engine node");
        }
        return problems;
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
