package org.releasegate.data;

import static org.releasegate.process.ReleasePolicy.Vars.TEST_DATA_DIGEST;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Replaces the test environment's data with a verified copy of production's (only read), after the test
 * environment's post-copy scripts ran on the staged copy; on any failure the test environment keeps its data.
 */
@Component
class CopyProductionDataStep extends Step {

    private final DataStores dataStores;

    CopyProductionDataStep(DataStores dataStores) {
        super(ReleasePolicy.Topics.COPY_PRODUCTION_DATA, ReleasePolicy.Errors.COPY_REJECTED);
        this.dataStores = dataStores;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        Fingerprint copied = dataStores.copy(Environments.PRODUCTION, Environments.TEST);
        return TEST_DATA_DIGEST.on(Variables.createVariables(), copied.sha256());
    }
}
