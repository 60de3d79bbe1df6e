package org.releasegate.gate;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ExtendLockOnExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskFailureCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.releasegate.message.RefusedOperation;
import org.releasegate.security.AgentAccounts;
import org.releasegate.worker.StepTopics;

/**
 * What an agent's login may do: fetch the steps of the environments it is declared for, then extend, complete, fail
 * or reject (BPMN error) the tasks it locked itself — nothing else, whatever Camunda's grants would allow (reading
 * releases, their variables, tasks). Its worker id must start with its user id: the engine lets a worker finish only
 * the tasks locked under its own worker id, so an agent cannot act on a task another node holds. Stolen credentials
 * of the test agent thus reach test's steps only, and only while they wait.
 */
final class AgentCommands {

    /** What the external-task client sends; locking a task by id ({@code LockExternalTaskCmd}) is not among them. */
    private static final List<Class<?>> HANDLING = List.of(CompleteExternalTaskCmd.class,
            ExtendLockOnExternalTaskCmd.class, HandleExternalTaskFailureCmd.class, HandleExternalTaskBpmnErrorCmd.class);

    private final AgentAccounts accounts;

    AgentCommands(AgentAccounts accounts) {
        this.accounts = accounts;
    }

    void check(Command<?> command, String agent) {
        AgentAccounts.Agent declared = accounts.agents().get(agent);
        if (declared == null) {
            throw new RefusedOperation("gate.agent.undeclared", agent);
        }
        if (command instanceof FetchExternalTasksCmd) {
            checkWorkerId(agent, (String) CommandInput.field(command, FetchExternalTasksCmd.class, "workerId"));
            checkTopics(agent, declared.environments(), topics(command));
        } else if (HANDLING.stream().anyMatch(kind -> kind.isInstance(command))) {
            checkWorkerId(agent, (String) CommandInput.field(command, HandleExternalTaskCmd.class, "workerId"));
        } else {
            throw new RefusedOperation("gate.agent.steps-only", agent,
                    String.join(", ", declared.environments().stream().sorted().toList()));
        }
    }

    private static void checkWorkerId(String agent, String workerId) {
        if (workerId == null || !workerId.startsWith(agent + "@")) {
            throw new RefusedOperation("gate.agent.worker-id", agent, workerId);
        }
    }

    private static void checkTopics(String agent, Set<String> environments, Set<String> topics) {
        for (String topic : topics) {
            if (!StepTopics.environmentOf(topic).filter(environments::contains).isPresent()) {
                throw new RefusedOperation("gate.agent.topic", agent,
                        String.join(", ", environments.stream().sorted().toList()), topic);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> topics(Command<?> command) {
        Map<String, ?> instructions = (Map<String, ?>) CommandInput.field(command, FetchExternalTasksCmd.class, "fetchInstructions");
        return instructions == null ? Set.of() : instructions.keySet();
    }
}
