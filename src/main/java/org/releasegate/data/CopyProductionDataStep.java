package org.releasegate.data;

import static org.releasegate.process.ReleasePolicy.Variables.TEST_DATA_DIGEST;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/** Replaces the test environment's data with a verified copy of production's; production is only read. */
@Component
class CopyProductionDataStep extends Step {

    private final Environments environments;
    private final DirectoryDataStore dataStore;

    CopyProductionDataStep(Environments environments, DirectoryDataStore dataStore) {
        super(ReleasePolicy.Topics.COPY_PRODUCTION_DATA, ReleasePolicy.Errors.COPY_REJECTED);
        this.environments = environments;
        this.dataStore = dataStore;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        CopyReport copy = dataStore.copy(environments.dataFolder(Environments.PRODUCTION),
                environments.dataFolder(Environments.TEST));
        return TEST_DATA_DIGEST.on(Variables.createVariables(), copy.treeSha256());
    }
}
