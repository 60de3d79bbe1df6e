package org.releasegate.operation;

import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT_STARTED_AT;

import java.io.IOException;
import java.util.Date;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Starts the environment again: its data store opened, then its start command. Rejects nothing: a start that fails is
 * retried, then an incident, since production must not stay stopped while someone decides; one that retrying cannot
 * fix (a privilege missing on the database) is an incident at once.
 */
@Component
class StartEnvironmentStep extends Step {

    private final EnvironmentControl control;

    StartEnvironmentStep(EnvironmentControl control) {
        super(ReleasePolicy.Topics.START_ENVIRONMENT, null);
        this.control = control;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        VariableMap result = Variables.createVariables();
        ENVIRONMENT_STARTED_AT.on(result, Date.from(control.start(ENVIRONMENT.from(task))));
        return result;
    }
}
