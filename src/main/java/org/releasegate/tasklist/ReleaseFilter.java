package org.releasegate.tasklist;

import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Resources.FILTER;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.context.Context;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleaseLabel;
import org.releasegate.security.Roles;

/**
 * A Tasklist filter per release, named as its tasks end (« Version 1.1 — 24/11/2026 14:05 (lancée par marie) »):
 * the release's open tasks, who holds each and which wait. Whoever started it and the groups that work on releases
 * see it; each person finds in it the tasks they may read — the starter every task of their release but those the
 * four-eyes rule keeps from them (StarterTaskAccess), a group its own. Made when the release starts, removed when it
 * ends however it ends (an end event, a cancellation). Written without the caller's authorizations: the starter may
 * not create filters, and whoever ends a release may not delete them.
 */
final class ReleaseFilter {

    /** The filter property that ties a filter to its release. */
    static final String RELEASE_ID = "releaseId";
    /** After each group's waiting tasks (-20), before « Mes tâches » (-10). */
    static final int PRIORITY = -15;
    private static final List<String> GROUPS = Roles.TASKLIST_GROUPS;

    private ReleaseFilter() {
    }

    /** Start listener of the release: after the release got its name. */
    static void create(DelegateExecution release) {
        String releaseId = release.getProcessInstanceId();
        String starter = RELEASE_INITIATOR.find(release).orElse(null);
        String name = new ReleaseLabel(release.getProcessBusinessKey(), TARGET_VERSION.find(release).orElse(null),
                starter).text();
        FilterService filters = release.getProcessEngineServices().getFilterService();
        AuthorizationService authorizations = release.getProcessEngineServices().getAuthorizationService();
        Context.getCommandContext().runWithoutAuthorization(() -> {
            Filter filter = filters.saveFilter(filters.newTaskFilter(name)
                    .setQuery(release.getProcessEngineServices().getTaskService().createTaskQuery()
                            .processInstanceId(releaseId))
                    .setProperties(Map.of("priority", PRIORITY, "refresh", true, RELEASE_ID, releaseId,
                            "description", Messages.text("tasklist.filter.release.description"))));
            GROUPS.forEach(group -> readable(authorizations, filter, group, null));
            if (starter != null) {
                readable(authorizations, filter, null, starter);
            }
            return null;
        });
    }

    /** End listener of the release, built in: it runs however the release ends, even cancelled without listeners. */
    static void delete(DelegateExecution release) {
        String releaseId = release.getProcessInstanceId();
        FilterService filters = release.getProcessEngineServices().getFilterService();
        AuthorizationService authorizations = release.getProcessEngineServices().getAuthorizationService();
        Context.getCommandContext().runWithoutAuthorization(() -> {
            for (Filter filter : filters.createFilterQuery().filterResourceType(EntityTypes.TASK).list()) {
                if (filter.getProperties() != null && releaseId.equals(filter.getProperties().get(RELEASE_ID))) {
                    // The engine drops a filter's grants itself only while authorization checks are on.
                    authorizations.createAuthorizationQuery().resourceType(FILTER).resourceId(filter.getId()).list()
                            .forEach(grant -> authorizations.deleteAuthorization(grant.getId()));
                    filters.deleteFilter(filter.getId());
                }
            }
            return null;
        });
    }

    private static void readable(AuthorizationService authorizations, Filter filter, String groupId, String userId) {
        Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setResource(FILTER);
        authorization.setResourceId(filter.getId());
        authorization.setGroupId(groupId);
        authorization.setUserId(userId);
        authorization.addPermission(READ);
        authorizations.saveAuthorization(authorization);
    }
}
