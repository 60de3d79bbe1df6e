package org.releasegate.security;

import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
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

    /** Guarded task → what must be done by another person, as the sentence starts. */
    private static final Map<String, String> GUARDED = Map.of(
            Elements.FINAL_ACCEPTANCE, "La recette définitive doit être prononcée",
            Elements.DECIDE_ROLLBACK, "La décision sur la production non conforme doit être prise",
            Elements.APPROVE_EMERGENCY, "L'urgence doit être approuvée");

    static boolean guards(String taskDefinitionKey) {
        return GUARDED.containsKey(taskDefinitionKey);
    }

    @Override
    public void notify(DelegateTask task) {
        String what = GUARDED.get(task.getTaskDefinitionKey());
        if (what == null) {
            return;
        }
        Optional<String> actor = EVENTNAME_ASSIGNMENT.equals(task.getEventName())
                ? Optional.ofNullable(task.getAssignee())
                : completingUser(task);
        actor.filter(initiators(task)::contains).ifPresent(initiator -> {
            throw new AuthorizationException(what + " par un autre responsable que celui qui a lancé la mise en "
                    + "production (" + initiator + ")");
        });
        if (Elements.APPROVE_EMERGENCY.equals(task.getTaskDefinitionKey())) {
            actor.filter(user -> user.equals(emergencyDeclarer(task).orElse(null))).ifPresent(declarer -> {
                throw new AuthorizationException(what + " par un autre responsable que celui qui l'a déclarée ("
                        + declarer + ")");
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
