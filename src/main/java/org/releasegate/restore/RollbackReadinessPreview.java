package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_WARNING;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.releasegate.message.Messages;

/**
 * {@code ${rollbackReadinessPreview}}, a {@code create} listener on the final acceptance: sets the task-local
 * {@code rollbackWarning} when a rollback of the release would be impossible, so the person who accepts sees it and
 * has to accept it in so many words ({@code rollbackImpossibleAccepted}); the gate refuses to stop production
 * otherwise. When it cannot tell, it says so rather than keep the task from being created.
 */
@Component("rollbackReadinessPreview")
public class RollbackReadinessPreview implements TaskListener {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackReadinessPreview.class);

    private final RollbackReadiness readiness;

    public RollbackReadinessPreview(RollbackReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void notify(DelegateTask task) {
        String warning;
        try {
            warning = readiness.impossibility().orElse("");
        } catch (Exception e) {
            LOG.warn("Release {}: could not tell whether a rollback would be possible", task.getProcessInstanceId(), e);
            warning = Messages.text("restore.readiness.archives-unreadable");
        }
        ROLLBACK_WARNING.setLocal(task, warning);
    }
}
