package org.releasegate.data;

import static org.releasegate.process.ReleasePolicy.Vars.TEST_DATA_DIGEST;

import java.io.IOException;
import java.io.InputStream;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.releasegate.worker.StepPlacement;
import org.springframework.stereotype.Component;

/**
 * Replaces the test environment's data with a verified copy of production's (only read), after the test
 * environment's post-copy scripts ran on the staged copy; on any failure the test environment keeps its data. Runs on
 * the node that runs test's steps; when another node runs production's (its agent), production's data arrives from
 * there as a stream through the engine node, checked at every hop ({@link FolderStream}).
 */
@Component
class CopyProductionDataStep extends Step {

    private final DataStores dataStores;
    private final StepPlacement placement;
    private final RemoteData remote;

    CopyProductionDataStep(DataStores dataStores, StepPlacement placement, RemoteData remote) {
        super(ReleasePolicy.Topics.COPY_PRODUCTION_DATA, ReleasePolicy.Errors.COPY_REJECTED);
        this.dataStores = dataStores;
        this.placement = placement;
        this.remote = remote;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        Fingerprint copied;
        if (placement.environments().contains(Environments.PRODUCTION)) {
            copied = dataStores.copy(Environments.PRODUCTION, Environments.TEST);
        } else {
            try (InputStream production = remote.open(Environments.PRODUCTION)) {
                copied = dataStores.replaceWithStream(Environments.TEST, production);
            }
        }
        return TEST_DATA_DIGEST.on(Variables.createVariables(), copied.sha256());
    }
}
