package org.releasegate.gate;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

/**
 * Empties a decision task's answers when it is created: a release manager deciding a second time (a second failure,
 * a second rollback) must not find the first decision's reason already filled in and send it again unread. The
 * earlier answers stay in the history and the release report.
 */
final class DecisionsStartEmpty implements TaskListener {

    private final List<String> decisions;

    DecisionsStartEmpty(List<String> decisions) {
        this.decisions = List.copyOf(decisions);
    }

    @Override
    public void notify(DelegateTask task) {
        for (String decision : decisions) {
            if (task.getExecution().getVariable(decision) != null) {
                task.getExecution().setVariable(decision, null);
            }
        }
    }
}
