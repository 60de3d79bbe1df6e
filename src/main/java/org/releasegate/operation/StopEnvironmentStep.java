package org.releasegate.operation;

import static org.releasegate.process.ReleasePolicy.Vars.CLONED_IN_SERVER;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT_STOPPED_AT;
import static org.releasegate.process.ReleasePolicy.Vars.STOP_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.WRITES_WATCHED_BY_ARCHIVE;

import java.io.IOException;
import java.util.Date;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Stops the environment before its data is archived, changed or restored, and proves nothing writes any more — or,
 * before the window's archive ({@code writesWatchedByArchive}), leaves a folder's watch for writes to that archive. A
 * failed stop is a rejection (the release manager decides) after the environment was started again. It also says
 * whether the data is cloned by its server in the window ({@code clonedInServer}) rather than archived there.
 */
@Component
class StopEnvironmentStep extends Step {

    private final EnvironmentControl control;

    StopEnvironmentStep(EnvironmentControl control) {
        super(ReleasePolicy.Topics.STOP_ENVIRONMENT, ReleasePolicy.Errors.STOP_REJECTED);
        this.control = control;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String environment = ENVIRONMENT.from(task);
        EnvironmentControl.Stopped stopped = control.stop(environment, WRITES_WATCHED_BY_ARCHIVE.find(task).orElse(false));
        VariableMap result = Variables.createVariables();
        // Read where the stop runs (an agent has production's data settings): the model's way through the window.
        CLONED_IN_SERVER.on(result, control.clonedInServer(environment));
        ENVIRONMENT_STOPPED_AT.on(result, Date.from(stopped.at()));
        STOP_REPORT.on(result, stopped.report());
        return result;
    }
}
