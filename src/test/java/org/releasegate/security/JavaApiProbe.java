package org.releasegate.security;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Resources.APPLICATION;
import static org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.security.AuthorizationMatrix.Action;
import org.releasegate.security.AuthorizationMatrix.Role;

/**
 * Tries an action through the engine's Java API as an authenticated user ({@code IdentityService.setAuthentication},
 * as Tasklist and the REST API do for each request). Anonymous is an identity with no user record, no group and no
 * grant: the Java API called with no authentication at all is trusted application code and is never checked.
 */
final class JavaApiProbe {

    static final String ANONYMOUS = "anonyme";

    private final ProcessEngine engine;
    private final TestReleases releases;

    JavaApiProbe(ProcessEngine engine, TestReleases releases) {
        this.engine = engine;
        this.releases = releases;
    }

    boolean attempt(Action action, Role role) {
        return switch (action.verb()) {
            case START_AT_STEP -> permitted(role, () -> releases.created(engine.getRuntimeService()
                    .createProcessInstanceByKey(ReleasePolicy.PROCESS_KEY)
                    .businessKey(TestReleases.BUSINESS_KEY)
                    .startBeforeActivity(Elements.FINAL_ACCEPTANCE)
                    .execute().getId()));
            case SEE_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield as(role, () -> engine.getTaskService().createTaskQuery().taskId(task.getId()).count() == 1);
            }
            case CLAIM_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield permitted(role, () -> engine.getTaskService().claim(task.getId(), userId(role)));
            }
            case COMPLETE_TASK -> {
                Task task = releases.taskOf(action.target(), "paul");
                yield permitted(role, () -> engine.getTaskService().complete(task.getId(),
                        Variables.fromMap(TestReleases.harmlessCompletion(action.target()))));
            }
            case SEE_RELEASES -> {
                String releaseId = releases.releaseAt(Elements.FINAL_ACCEPTANCE, "paul");
                yield as(role, () -> engine.getRuntimeService().createProcessInstanceQuery()
                        .processInstanceId(releaseId).count() == 1);
            }
            case MODIFY_RELEASE -> {
                String releaseId = releases.releaseAt(Elements.FINAL_ACCEPTANCE, "paul");
                yield permitted(role, () -> engine.getRuntimeService().createProcessInstanceModification(releaseId)
                        .cancelAllForActivity(Elements.FINAL_ACCEPTANCE)
                        .startBeforeActivity(Elements.DECIDE_ON_FAILURE)
                        .execute());
            }
            case READ_HISTORY -> historyReadable(role, releases.finishedRelease("paul"));
            // The rule the report pages apply before showing anything (org.releasegate.report.ReportAccess).
            case READ_REPORT -> engine.getAuthorizationService().isUserAuthorized(userId(role), groups(role),
                    Permissions.READ_HISTORY, PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY);
            case ACCESS_APP -> engine.getAuthorizationService().isUserAuthorized(userId(role), groups(role), ACCESS,
                    APPLICATION, action.target());
            case MANAGE_USERS -> {
                String id = "essai-" + UUID.randomUUID().toString().substring(0, 8);
                boolean created = permitted(role, () -> {
                    User user = engine.getIdentityService().newUser(id);
                    user.setPassword(UUID.randomUUID().toString());
                    engine.getIdentityService().saveUser(user);
                });
                engine.getIdentityService().deleteUser(id);
                yield created;
            }
            case DEPLOY -> {
                Deployment[] deployment = new Deployment[1];
                boolean deployed = permitted(role, () -> deployment[0] = engine.getRepositoryService()
                        .createDeployment().name("test-autorisations")
                        .addString("test-autorisations.txt", "déployé par le test des autorisations").deploy());
                if (deployment[0] != null) {
                    engine.getRepositoryService().deleteDeployment(deployment[0].getId(), true);
                }
                yield deployed;
            }
        };
    }

    /** The whole history of a release, or nothing of it: a part only would be a defect of the grants. */
    private boolean historyReadable(Role role, String releaseId) {
        HistoryService history = engine.getHistoryService();
        List<Long> counts = as(role, () -> List.of(
                history.createHistoricProcessInstanceQuery().processInstanceId(releaseId).count(),
                history.createHistoricActivityInstanceQuery().processInstanceId(releaseId).count(),
                history.createHistoricTaskInstanceQuery().processInstanceId(releaseId).count(),
                history.createHistoricVariableInstanceQuery().processInstanceId(releaseId).count()));
        if (counts.stream().allMatch(count -> count > 0)) {
            return true;
        }
        if (counts.stream().allMatch(count -> count == 0)) {
            return false;
        }
        throw new AssertionError(role + " sees part of the history only (process, activities, tasks, variables): "
                + counts);
    }

    private boolean permitted(Role role, Runnable call) {
        try {
            as(role, () -> {
                call.run();
                return null;
            });
            return true;
        } catch (AuthorizationException e) {
            return false;
        }
    }

    private <T> T as(Role role, Supplier<T> call) {
        IdentityService identity = engine.getIdentityService();
        identity.setAuthentication(userId(role), groups(role));
        try {
            return call.get();
        } finally {
            identity.clearAuthentication();
        }
    }

    static String userId(Role role) {
        return role.user == null ? ANONYMOUS : role.user;
    }

    private List<String> groups(Role role) {
        return role.user == null ? List.of()
                : engine.getIdentityService().createGroupQuery().groupMember(role.user).list().stream()
                        .map(Group::getId).toList();
    }
}
