package org.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.time.Duration;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.externaltask.ExternalTaskQuery;
import org.camunda.bpm.engine.impl.ExternalTaskQueryImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ExtendLockOnExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskFailureCmd;
import org.camunda.bpm.engine.impl.cmd.LockExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetExternalTaskRetriesCmd;
import org.camunda.bpm.engine.impl.externaltask.TopicFetchInstruction;
import org.junit.jupiter.api.Test;
import org.releasegate.security.AgentAccounts;

/**
 * What stolen credentials of the production agent reach: production's steps, fetched under its own worker id, and
 * the tasks it locked itself; nothing else. (Through the REST API, with a real engine: e2e/AgentModeTest.)
 */
class AgentCommandsTest {

    private static final String AGENT = "agent-production";
    private final AgentCommands commands = new AgentCommands(new AgentAccounts(Map.of(AGENT,
            new AgentAccounts.Agent(Set.of("production"), "un mot de passe long", Duration.ofMinutes(2)))));

    @Test
    void anAgentFetchesItsEnvironmentsStepsUnderItsOwnName() {
        assertThatCode(() -> commands.check(fetch(AGENT + "@erp-prod", "install-version@production",
                "check-health@production"), AGENT)).doesNotThrowAnyException();
    }

    @Test
    void anAgentCannotFetchAnotherEnvironmentsOrTheEngineNodesSteps() {
        for (String topic : new String[] {"install-version@test", "install-version", "copy-production-data"}) {
            assertThatThrownBy(() -> commands.check(fetch(AGENT + "@erp-prod", "check-health@production", topic),
                    AGENT)).isInstanceOf(AuthorizationException.class).hasMessageContaining(topic);
        }
    }

    @Test
    void anAgentCannotPassForAnotherWorker() {
        assertThatThrownBy(() -> commands.check(fetch("release-gate-worker@engine", "check-health@production"), AGENT))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("son propre nom");
        assertThatThrownBy(() -> commands.check(new CompleteExternalTaskCmd("task", "release-gate-worker@engine",
                Map.of(), Map.of()), AGENT)).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void anAgentFinishesTheTasksItLockedAndNothingElse() {
        String me = AGENT + "@erp-prod";
        assertThatCode(() -> {
            commands.check(new CompleteExternalTaskCmd("task", me, Map.of(), Map.of()), AGENT);
            commands.check(new ExtendLockOnExternalTaskCmd("task", me, 1000), AGENT);
            commands.check(new HandleExternalTaskFailureCmd("task", me, "boom", null, 2, 1000, Map.of(), Map.of()), AGENT);
            commands.check(new HandleExternalTaskBpmnErrorCmd("task", me, "CODE", "why", Map.of()), AGENT);
        }).doesNotThrowAnyException();
        // locking a task chosen by id would reach any environment's
        assertThatThrownBy(() -> commands.check(new LockExternalTaskCmd("task", me, 1000), AGENT))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> commands.check(new SetExternalTaskRetriesCmd("task", 3, true), AGENT))
                .isInstanceOf(AuthorizationException.class);
        ExternalTaskQuery query = new ExternalTaskQueryImpl();
        assertThatThrownBy(() -> commands.check((ExternalTaskQueryImpl) query, AGENT))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("ne peut que prendre et terminer");
    }

    @Test
    void anAgentUserNoLongerDeclaredCanDoNothing() {
        assertThatThrownBy(() -> commands.check(fetch("agent-old@x", "check-health@production"), "agent-old"))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("aucun environnement");
    }

    private static FetchExternalTasksCmd fetch(String workerId, String... topics) {
        Map<String, TopicFetchInstruction> instructions = new LinkedHashMap<>();
        for (String topic : topics) {
            instructions.put(topic, new TopicFetchInstruction(topic, 1000));
        }
        return new FetchExternalTasksCmd(workerId, 1, instructions);
    }
}
