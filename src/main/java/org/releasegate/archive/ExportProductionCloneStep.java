package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * After the reopening, production running again: the clone taken in the window exported into the archive store, in
 * full with its row checksums — the archive a window without a clone takes ({@code dataArchiveId}), which the drill
 * that follows restores and a later rollback would use. The export must hold what the clone held when checked in the
 * window; the archive id carries the task id, so a re-delivered task finds its archive instead of writing a second.
 */
@Component
class ExportProductionCloneStep extends Step {

    private final DataArchives dataArchives;

    ExportProductionCloneStep(DataArchives dataArchives) {
        super(ReleasePolicy.Topics.EXPORT_PRODUCTION_CLONE, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataArchives = dataArchives;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String version = PREVIOUS_PRODUCTION_VERSION.from(task);
        Archive archive = dataArchives.archiveClone("production-data-" + version + "-" + task.getId(),
                Environments.PRODUCTION, version, PRODUCTION_CLONE.from(task), PRODUCTION_CLONE_SHA256.from(task));
        VariableMap result = Variables.createVariables();
        DATA_ARCHIVE_ID.on(result, archive.id());
        DATA_ARCHIVE_SHA256.on(result, archive.contentSha256());
        return result;
    }
}
