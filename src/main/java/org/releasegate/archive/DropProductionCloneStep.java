package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Drops the clone of production taken in the window, once its archive restored in the drill (or once the release
 * manager gave up archiving it): it holds a whole database's worth of disk on production's server. Dropping a clone
 * that is gone already is done.
 */
@Component
class DropProductionCloneStep extends Step {

    private final DataStores dataStores;

    DropProductionCloneStep(DataStores dataStores) {
        super(ReleasePolicy.Topics.DROP_PRODUCTION_CLONE, null);
        this.dataStores = dataStores;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String clone = PRODUCTION_CLONE.from(task);
        dataStores.of(Environments.PRODUCTION).serverClones().orElseThrow(() -> new IllegalStateException(
                Messages.text("archive.clone.not-clonable-to-drop", clone))).drop(clone);
        return Variables.createVariables();
    }
}
