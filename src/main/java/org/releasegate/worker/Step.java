package org.releasegate.worker;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * One kind of automated step: reads its input from the task, calls one feature service, returns the variables to
 * write. Throw {@link org.releasegate.RejectedInputException} when retrying cannot help — the input is wrong, a
 * privilege is missing — (raised as the BPMN error {@link #rejectionErrorCode()}, or an incident at once when the
 * step has none); any other exception is retried, then becomes a Cockpit incident.
 * Steps must be idempotent: a task re-delivered after a crash is run again from the start.
 */
public abstract class Step {

    private final String topic;
    private final String rejectionErrorCode;

    /**
     * @param topic              the external-task topic of the step in the model
     * @param rejectionErrorCode the BPMN error the model catches on this step, or null if the step never rejects
     *                           its input (a rejection then opens an incident at once)
     */
    protected Step(String topic, String rejectionErrorCode) {
        this.topic = topic;
        this.rejectionErrorCode = rejectionErrorCode;
    }

    public String topic() {
        return topic;
    }

    public String rejectionErrorCode() {
        return rejectionErrorCode;
    }

    public abstract VariableMap run(ExternalTask task) throws Exception;
}
