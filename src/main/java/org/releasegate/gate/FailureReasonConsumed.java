package org.releasegate.gate;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.releasegate.process.FormContract;
import org.releasegate.process.ReleasePolicy;

/**
 * Ends the life of a failed step's reason ({@code failureReason}, written by every error boundary of the model) once
 * it has been used, so no later form shows it as its own: a decision task that shows the reason consumes it when it
 * is completed, and any other task created means the release went on past the failure. Every failure writes its
 * reason afresh, and every error flow reaches its decision without a user task in between, so the reason a decision
 * shows is always that of the failure that led to it. The cleared reasons stay in the history and the release report.
 */
final class FailureReasonConsumed implements TaskListener {

    static final String VARIABLE = ReleasePolicy.Vars.FAILURE_REASON.name();

    /** The event on which a task of this form clears the reason: its completion if it shows it, else its creation. */
    static String eventFor(String taskDefinitionKey) {
        return ReleasePolicy.Forms.ofTask(taskDefinitionKey).flatMap((FormContract form) -> form.field(VARIABLE))
                .isPresent() ? EVENTNAME_COMPLETE : EVENTNAME_CREATE;
    }

    @Override
    public void notify(DelegateTask task) {
        if (task.getExecution().getVariable(VARIABLE) != null) {
            task.getExecution().setVariable(VARIABLE, null);
        }
    }
}
