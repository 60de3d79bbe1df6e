package org.releasegate.security;

import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Resources.TASK;

import java.util.LinkedHashSet;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.releasegate.process.ReleasePolicy.Elements;

/**
 * What the person who started a release may do with each of its tasks, decided when the task is created (and again
 * for a task created anew in a later round). They may read it, to follow their release where no task is theirs —
 * except the tasks the four-eyes rule keeps from them: on those they get a REVOKE of every permission, which outweighs
 * their group's grant, so the engine neither lists nor opens them for the starter, in Tasklist, the REST API or the
 * Java API, instead of offering them and refusing only the claim. The emergency approval is kept as well from
 * whoever declared the emergency: the person whose completion of the production fix created the approval. The engine
 * deletes a task's authorizations with the task; administrators are not subject to authorizations.
 * <p>
 * Release managers and operations read every task too, to follow a release in Cockpit's « Tâches utilisateur » tab:
 * a group grant of READ on each task, which the starter's user-level REVOKE outweighs. Not READ_TASK on the process
 * definition: the engine checks that one apart from the task's own authorizations, so it would show the starter
 * the tasks kept from them again. Reading only: claiming, completing or writing a task's variables still needs its
 * TASK_WORK, which only its candidate group holds.
 */
final class StarterTaskAccess implements TaskListener {

    private final boolean fourEyes;

    /** @param fourEyes whether the four-eyes rule is on: off, the starter may read every task and keeps no revoke */
    StarterTaskAccess(boolean fourEyes) {
        this.fourEyes = fourEyes;
    }

    @Override
    public void notify(DelegateTask task) {
        Set<String> starters = FourEyesTaskListener.initiators(task);
        CommandContext command = Context.getCommandContext();
        AuthorizationService authorizations = task.getProcessEngineServices().getAuthorizationService();
        boolean keptFromStarter = fourEyes && FourEyesTaskListener.guards(task.getTaskDefinitionKey());
        Set<String> kept = new LinkedHashSet<>(keptFromStarter ? starters : Set.of());
        if (keptFromStarter && Elements.APPROVE_EMERGENCY.equals(task.getTaskDefinitionKey())
                && command.getAuthenticatedUserId() != null) {
            kept.add(command.getAuthenticatedUserId());
        }
        // The person whose completion created this task may not write authorizations.
        command.runWithoutAuthorization(() -> {
            kept.forEach(user -> authorizations.saveAuthorization(revokeAll(authorizations, task, user)));
            if (!keptFromStarter) {
                starters.forEach(user -> authorizations.saveAuthorization(grantRead(authorizations, task, user)));
            }
            for (String group : Roles.FOLLOWING_RELEASES) {
                // A candidate group already holds the engine's grant on the task (READ among its permissions), not
                // yet written to the database: a second grant for the same group and task would break its unique key.
                if (!isCandidate(task, group)) {
                    authorizations.saveAuthorization(groupRead(authorizations, task, group));
                }
            }
            return null;
        });
    }

    private static Authorization revokeAll(AuthorizationService authorizations, DelegateTask task, String userId) {
        Authorization revoke = on(authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE), task, userId);
        revoke.removePermission(ALL);
        return revoke;
    }

    private static Authorization grantRead(AuthorizationService authorizations, DelegateTask task, String userId) {
        Authorization grant = on(authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT), task, userId);
        grant.addPermission(READ);
        return grant;
    }

    private static boolean isCandidate(DelegateTask task, String groupId) {
        return task.getCandidates().stream().anyMatch(link -> groupId.equals(link.getGroupId()));
    }

    private static Authorization groupRead(AuthorizationService authorizations, DelegateTask task, String groupId) {
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(groupId);
        grant.setResource(TASK);
        grant.setResourceId(task.getId());
        grant.addPermission(READ);
        return grant;
    }

    private static Authorization on(Authorization authorization, DelegateTask task, String userId) {
        authorization.setUserId(userId);
        authorization.setResource(TASK);
        authorization.setResourceId(task.getId());
        return authorization;
    }
}
