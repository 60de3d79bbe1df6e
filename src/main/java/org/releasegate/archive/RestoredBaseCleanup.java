package org.releasegate.archive;

import java.util.Set;

import org.camunda.bpm.spring.boot.starter.event.ExecutionEvent;
import org.releasegate.process.ReleasePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Deletes a release's restored base ({@link RestoredBase}) when the release ends, at whichever end event, or when it is
 * deleted: from the engine's execution events (Camunda's Spring eventing, on by default), once the end is committed.
 * A release deleted with "skip custom listeners" leaves its copy to retention and to the next release, which deletes
 * every other copy when it keeps its own.
 */
@Component
class RestoredBaseCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RestoredBaseCleanup.class);
    /** The release's own ends; a late-verification follow-up ends a branch, not the release. */
    static final Set<String> RELEASE_ENDS = Set.of(ReleasePolicy.Elements.END_IN_PRODUCTION,
            ReleasePolicy.Elements.END_IN_PRODUCTION_WITH_WORKAROUND, ReleasePolicy.Elements.END_ABANDONED,
            ReleasePolicy.Elements.END_PREVIOUS_VERSION_RESTORED, ReleasePolicy.Elements.END_RESTORE_NOT_CONFORM);

    private final RestoredBase restoredBase;

    RestoredBaseCleanup(RestoredBase restoredBase) {
        this.restoredBase = restoredBase;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void executionEvent(ExecutionEvent event) {
        if (!"end".equals(event.getEventName()) || event.getProcessDefinitionId() == null
                || !event.getProcessDefinitionId().startsWith(ReleasePolicy.PROCESS_KEY + ":")) {
            return;
        }
        String activity = event.getCurrentActivityId();
        // One of the release's end events, or the release itself ending (no activity: deleted, cancelled).
        boolean released = activity == null ? event.getProcessInstanceId() != null
                && event.getProcessInstanceId().equals(event.getId()) : RELEASE_ENDS.contains(activity);
        if (!released) {
            return;
        }
        try {
            restoredBase.discard(event.getProcessInstanceId());
        } catch (Exception e) {
            // Housekeeping: never fails the release's end; retention or the next release deletes it.
            LOG.warn("The restored base of release {} was not deleted at its end: {}", event.getProcessInstanceId(),
                    e.getMessage());
        }
    }
}
