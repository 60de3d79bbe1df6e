package org.releasegate.tasklist;

import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_LABEL;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.releasegate.process.ReleaseLabel;

/**
 * Ends the name of every task of a release with the release's label, and gives the task that label for its form to
 * show first: with two releases running, six « Vérifier le processus stratégique » become « Vérifier le processus
 * « Facturation » — Version 1.1 — 24/11/2026 14:05 (lancée par marie) » in Tasklist, the REST API and the mails.
 * The model keeps the names its owner wrote; this runs after its own create listeners (a verification task names its
 * item first). Who started the release is the {@code releaseInitiator} the engine set from the starter's login.
 */
final class ReleaseTaskNames implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        DelegateExecution execution = task.getExecution();
        if (execution == null) {
            return;
        }
        ReleaseLabel label = new ReleaseLabel(execution.getProcessBusinessKey(), TARGET_VERSION.find(task).orElse(null),
                RELEASE_INITIATOR.find(task).orElse(null));
        task.setName(label.taskName(task.getName()));
        RELEASE_LABEL.setLocal(task, label.text());
    }
}
