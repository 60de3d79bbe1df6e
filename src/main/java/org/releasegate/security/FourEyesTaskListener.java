package org.releasegate.security;

import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
import org.releasegate.message.RefusedOperation;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.TaskCompleter;

/**
 * Refuses to let the person who started a release claim, be assigned or complete its final acceptance, its
 * rollback decision or the approval of an emergency fix — and the approval to the person who declared the emergency. Who started it is read from the engine's history (the start user, which no API can change)
 * as well as from the {@code releaseInitiator} variable: a caller who rewrites the variable, even in the very
 * variables of the completion, is still recognised. A call with neither an authenticated user nor an assignee is
 * trusted application code, as for the engine's own authorization checks.
 */
class FourEyesTaskListener implements TaskListener {

    /** Guarded task → the refusal of its starter: its key in the message bundle. */
    private static final Map<String, String> GUARDED = Map.of(
            Elements.FINAL_ACCEPTANCE, "four-eyes.final-acceptance",
            Elements.DECIDE_ROLLBACK, "four-eyes.rollback-decision",
            Elements.APPROVE_EMERGENCY, "four-eyes.emergency-approval");

    static boolean guards(String taskDefinitionKey) {
        return GUARDED.containsKey(taskDefinitionKey);
    }

    @Override
    public void notify(DelegateTask task) {
        String refusal = GUARDED.get(task.getTaskDefinitionKey());
        if (refusal == null) {
            return;
        }
        Optional<String> actor = EVENTNAME_ASSIGNMENT.equals(task.getEventName())
                ? Optional.ofNullable(task.getAssignee())
                : completingUser(task);
        actor.filter(initiators(task)::contains).ifPresent(initiator -> {
            throw new RefusedOperation(refusal, initiator);
        });
        if (Elements.APPROVE_EMERGENCY.equals(task.getTaskDefinitionKey())) {
            actor.filter(user -> user.equals(emergencyDeclarer(task).orElse(null))).ifPresent(declarer -> {
                throw new RefusedOperation("four-eyes.emergency-declarer", declarer);
            });
        }
    }

    private static Optional<String> completingUser(DelegateTask task) {
        CommandContext context = Context.getCommandContext();
        String authenticated = context == null ? null : context.getAuthenticatedUserId();
        return Optional.ofNullable(authenticated != null ? authenticated : task.getAssignee());
    }

    /** Who completed the last production-fix form, that is, declared the emergency. */
    private static Optional<String> emergencyDeclarer(DelegateTask task) {
        HistoryService history = task.getProcessEngineServices().getHistoryService();
        return history.createHistoricTaskInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .taskDefinitionKey(Elements.PROVIDE_PRODUCTION_FIX).finished().orderByHistoricTaskInstanceEndTime().desc()
                .listPage(0, 1).stream().findFirst()
                .flatMap(declaration -> TaskCompleter.of(history, declaration));
    }

    /** Who started the task's release: the engine's start user, and the {@code releaseInitiator} variable. */
    static Set<String> initiators(DelegateTask task) {
        Set<String> initiators = new LinkedHashSet<>();
        CommandContext context = Context.getCommandContext();
        if (context != null) {
            HistoricProcessInstanceEntity release = context.getHistoricProcessInstanceManager()
                    .findHistoricProcessInstance(task.getProcessInstanceId());
            if (release != null && release.getStartUserId() != null) {
                initiators.add(release.getStartUserId());
            }
        }
        RELEASE_INITIATOR.find(task).ifPresent(initiators::add);
        return initiators;
    }
}
