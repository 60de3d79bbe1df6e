package org.releasegate.security;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE_INSTANCE;
import static org.camunda.bpm.engine.authorization.Permissions.DELETE;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Permissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE;
import static org.camunda.bpm.engine.authorization.Permissions.UPDATE;
import static org.camunda.bpm.engine.authorization.Permissions.UPDATE_INSTANCE;
import static org.camunda.bpm.engine.authorization.Resources.APPLICATION;
import static org.camunda.bpm.engine.authorization.Resources.DECISION_DEFINITION;
import static org.camunda.bpm.engine.authorization.Resources.DECISION_REQUIREMENTS_DEFINITION;
import static org.camunda.bpm.engine.authorization.Resources.DEPLOYMENT;
import static org.camunda.bpm.engine.authorization.Resources.FILTER;
import static org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION;
import static org.camunda.bpm.engine.authorization.Resources.PROCESS_INSTANCE;
import static org.releasegate.security.Roles.ADMINS;
import static org.releasegate.security.Roles.AGENTS;
import static org.releasegate.security.Roles.OPERATIONS;
import static org.releasegate.security.Roles.PROCESS_OWNERS;
import static org.releasegate.security.Roles.RELEASE_MANAGERS;
import static org.releasegate.security.Roles.WORKERS;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.task.TaskQuery;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.WorkerCredentials;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the groups, what each may do, the Tasklist filters and the workers' user, at every start (idempotent).
 * Tasks themselves need no grant here: the engine gives a task's candidate group READ and TASK_WORK on it.
 */
@Component
@Order(1)
class IdentitySetup extends AbstractProcessEnginePlugin {

    private static final String TASKLIST = "tasklist";
    private static final String COCKPIT = "cockpit";
    private static final String ANY = Authorization.ANY;
    private static final String MY_TASKS = Messages.text("tasklist.filter.my-tasks");
    private static final String MY_GROUPS_TASKS = Messages.text("tasklist.filter.my-groups-tasks");
    private static final String WAITING_TASKS = Messages.text("tasklist.filter.waiting");

    private final WorkerCredentials workerCredentials;
    private final AgentAccounts agents;

    IdentitySetup(WorkerCredentials workerCredentials, AgentAccounts agents) {
        this.workerCredentials = workerCredentials;
        this.agents = agents;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        Grants grants = new Grants(engine.getAuthorizationService());

        Roles.PEOPLE_GROUPS.forEach(group -> ensureGroup(identity, group.get(0), group.get(1), "WORKFLOW"));
        ensureGroup(identity, WORKERS, "Automates Release Gate", "SYSTEM");
        ensureGroup(identity, AGENTS, Messages.text("security.group.agents"), "SYSTEM");

        for (Resource resource : Resources.values()) {
            grants.grant(ADMINS, resource, ANY, ALL);
        }
        for (String group : Roles.TASKLIST_GROUPS) {
            grants.grant(group, APPLICATION, TASKLIST, ACCESS);
            // To show the process name and the deployed forms next to each task.
            grants.grant(group, PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY, READ);
        }
        grants.grant(RELEASE_MANAGERS, PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY,
                READ, CREATE_INSTANCE, READ_INSTANCE, READ_HISTORY);
        grants.grant(RELEASE_MANAGERS, PROCESS_INSTANCE, ANY, CREATE, READ);
        for (String monitoring : Roles.FOLLOWING_RELEASES) {
            grants.grant(monitoring, APPLICATION, COCKPIT, ACCESS);
            grants.grant(monitoring, DECISION_DEFINITION, ANY, READ, READ_HISTORY);
            grants.grant(monitoring, DECISION_REQUIREMENTS_DEFINITION, ANY, READ);
            grants.grant(monitoring, DEPLOYMENT, ANY, READ);
        }
        // Operations watch automated steps and retry incidents.
        grants.grant(OPERATIONS, PROCESS_DEFINITION, ANY, READ, READ_INSTANCE, UPDATE_INSTANCE, READ_HISTORY);
        grants.grant(OPERATIONS, PROCESS_INSTANCE, ANY, READ, UPDATE);
        // Process owners deploy models from the Camunda Modeler (POST /engine-rest/deployment/create) and nothing else.
        // A deployment runs code on the server (expressions, scripts, listeners): only trusted people (docs/security.md).
        grants.grant(PROCESS_OWNERS, DEPLOYMENT, ANY, CREATE, READ, DELETE);
        grants.grant(PROCESS_OWNERS, PROCESS_DEFINITION, ANY, READ);
        grants.grant(PROCESS_OWNERS, DECISION_DEFINITION, ANY, READ);
        grants.grant(PROCESS_OWNERS, DECISION_REQUIREMENTS_DEFINITION, ANY, READ);
        // Workers fetch, lock, extend and complete external tasks and read/write their variables.
        grants.grant(WORKERS, PROCESS_DEFINITION, ANY, READ, READ_INSTANCE, UPDATE_INSTANCE);
        grants.grant(WORKERS, PROCESS_INSTANCE, ANY, READ, UPDATE);
        // Agents: exactly what fetching, locking, extending and finishing the release policy's external tasks checks
        // (Camunda: READ_INSTANCE and UPDATE_INSTANCE on the definition, or READ and UPDATE on each instance). The
        // gate lets them send nothing else, and only their environments' steps (gate/AgentCommands).
        grants.grant(AGENTS, PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY, READ_INSTANCE, UPDATE_INSTANCE);

        ensureWorkerUser(identity);
        agents.agents().forEach((id, agent) -> ensureAgentUser(identity, id, agent.password()));
        ensureTasklistFilters(engine.getFilterService(), engine.getTaskService(), grants);
    }

    private static void ensureGroup(IdentityService identity, String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            var group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            identity.saveGroup(group);
        }
    }

    private void ensureWorkerUser(IdentityService identity) {
        User worker = identity.createUserQuery().userId(workerCredentials.username()).singleResult();
        if (worker == null) {
            worker = identity.newUser(workerCredentials.username());
            worker.setFirstName("Release Gate");
            worker.setLastName("Automates");
        }
        // In-process workers authenticate with a token (WorkerTokenAuthentication), never with this password: unless
        // remote workers need a configured one, the user gets a password nobody knows, so nobody can log in as it.
        worker.setPassword(workerCredentials.password().orElseGet(WorkerCredentials::unusablePassword));
        identity.saveUser(worker);
        if (identity.createUserQuery().userId(worker.getId()).memberOfGroup(WORKERS).count() == 0) {
            identity.createMembership(worker.getId(), WORKERS);
        }
    }

    /** An agent's user, in {@code agents} only, with the password of the engine node's settings (set at every start). */
    private static void ensureAgentUser(IdentityService identity, String id, String password) {
        User agent = identity.createUserQuery().userId(id).singleResult();
        if (agent == null) {
            agent = identity.newUser(id);
            agent.setFirstName("Agent");
            agent.setLastName(id);
        }
        agent.setPassword(password);
        identity.saveUser(agent);
        if (identity.createUserQuery().userId(id).memberOfGroup(AGENTS).count() == 0) {
            identity.createMembership(id, AGENTS);
        }
    }

    /**
     * Everyone's « Mes tâches » and « Tâches de mes groupes », and before them, for each group that works in Tasklist,
     * the tasks waiting for one of its members to take them (« À prendre en charge — Testeurs »…), which only that
     * group sees: Tasklist lists filters by priority and opens the first.
     */
    private static void ensureTasklistFilters(FilterService filters, TaskService tasks, Grants grants) {
        List<String> tasklistGroups = Roles.TASKLIST_GROUPS;
        ensureFilter(filters, MY_TASKS, -10, null, tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        ensureFilter(filters, MY_GROUPS_TASKS, 0, null,
                tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
        for (String group : tasklistGroups) {
            grants.grant(group, FILTER, filterId(filters, MY_TASKS), READ);
            grants.grant(group, FILTER, filterId(filters, MY_GROUPS_TASKS), READ);
        }
        for (List<String> group : Roles.PEOPLE_GROUPS) {
            if (tasklistGroups.contains(group.get(0))) {
                String name = WAITING_TASKS + " — " + group.get(1);
                ensureFilter(filters, name, -20,
                        Messages.text("tasklist.filter.waiting.description", group.get(1)),
                        tasks.createTaskQuery().taskCandidateGroup(group.get(0)));
                grants.grant(group.get(0), FILTER, filterId(filters, name), READ);
            }
        }
    }

    private static void ensureFilter(FilterService filters, String name, int priority, String description, TaskQuery query) {
        if (filters.createFilterQuery().filterName(name).count() == 0) {
            Map<String, Object> properties = new HashMap<>(Map.of("priority", priority, "refresh", true));
            if (description != null) {
                properties.put("description", description);
            }
            filters.saveFilter(filters.newTaskFilter(name).setOwner(null).setQuery(query).setProperties(properties));
        }
    }

    private static String filterId(FilterService filters, String name) {
        return filters.createFilterQuery().filterName(name).singleResult().getId();
    }

    /** Adds permissions to a group's grant on a resource, creating the grant if it does not exist. */
    private record Grants(AuthorizationService authorizations) {

        void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
            Authorization authorization = authorizations.createAuthorizationQuery()
                    .authorizationType(Authorization.AUTH_TYPE_GRANT)
                    .groupIdIn(groupId)
                    .resourceType(resource)
                    .resourceId(resourceId)
                    .singleResult();
            if (authorization == null) {
                authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                authorization.setGroupId(groupId);
                authorization.setResource(resource);
                authorization.setResourceId(resourceId);
            }
            for (Permission permission : permissions) {
                authorization.addPermission(permission);
            }
            authorizations.saveAuthorization(authorization);
        }
    }
}
