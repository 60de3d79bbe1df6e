package org.releasegate.gate;

import java.util.Optional;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.releasegate.message.RefusedOperation;
import org.releasegate.process.ReleasePolicy;

/**
 * Refuses to start a release while another one runs: a release uses the test server from its copy to its end and
 * production from its archive to its end, so a second one would overwrite what the first one's testers verify. The
 * rule is read from the engine's own state — any release not ended holds the environments — so a crash, a restart,
 * an abandon or a cancellation can never leave a stale lock. Two starts at the same moment are serialized by an
 * engine property both write: the second one's transaction fails on it and nothing of it is kept.
 */
class OneReleaseAtATime implements ExecutionListener {

    static final String LAST_START_PROPERTY = "releasegate.last-release-start";

    @Override
    public void notify(DelegateExecution start) {
        ProcessEngineServices engine = start.getProcessEngineServices();
        // Whoever starts a release must learn about the other one, even without the right to see it.
        Optional<ProcessInstance> running = Context.getCommandContext().runWithoutAuthorization(() ->
                engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                        .list().stream().filter(release -> !release.getId().equals(start.getProcessInstanceId()))
                        .findFirst());
        if (running.isPresent() && !maySee(engine, running.get())) {
            throw new RefusedOperation("gate.one-release-unseen");
        }
        if (running.isPresent()) {
            String starter = startedBy(engine, running.get().getId());
            throw starter == null ? new RefusedOperation("gate.one-release", running.get().getBusinessKey())
                    : new RefusedOperation("gate.one-release-by", running.get().getBusinessKey(), starter);
        }
        Context.getCommandContext().runWithoutAuthorization(() -> {
            engine.getManagementService().setProperty(LAST_START_PROPERTY, start.getProcessInstanceId());
            return null;
        });
    }

    /** Whether whoever starts may read the running release: if not, the refusal names neither it nor its starter. */
    private static boolean maySee(ProcessEngineServices engine, ProcessInstance release) {
        Authentication caller = engine.getIdentityService().getCurrentAuthentication();
        if (caller == null || caller.getUserId() == null) {
            return true;
        }
        AuthorizationService authorizations = engine.getAuthorizationService();
        return Context.getCommandContext().runWithoutAuthorization(() ->
                authorizations.isUserAuthorized(caller.getUserId(), caller.getGroupIds(), Permissions.READ,
                        Resources.PROCESS_INSTANCE, release.getId())
                || authorizations.isUserAuthorized(caller.getUserId(), caller.getGroupIds(),
                        ProcessDefinitionPermissions.READ_INSTANCE, Resources.PROCESS_DEFINITION,
                        ReleasePolicy.PROCESS_KEY));
    }

    /** @return who started the release, or null when the engine does not know */
    private static String startedBy(ProcessEngineServices engine, String releaseId) {
        HistoricProcessInstance release = Context.getCommandContext().runWithoutAuthorization(() ->
                engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                        .singleResult());
        return release == null ? null : release.getStartUserId();
    }
}
