package org.releasegate.operation;

import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT_REOPENED_AT;

import java.io.IOException;
import java.util.Date;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Lets the users back in once operations confirmed the new version: the reopen command, when one is configured, and
 * the time that ends the downtime. Rejects nothing: a failing reopen is retried, then an incident for operations.
 */
@Component
class ReopenEnvironmentStep extends Step {

    private final EnvironmentControl control;

    ReopenEnvironmentStep(EnvironmentControl control) {
        super(ReleasePolicy.Topics.REOPEN_ENVIRONMENT, null);
        this.control = control;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        VariableMap result = Variables.createVariables();
        ENVIRONMENT_REOPENED_AT.on(result, Date.from(control.reopen(ENVIRONMENT.from(task))));
        return result;
    }
}
