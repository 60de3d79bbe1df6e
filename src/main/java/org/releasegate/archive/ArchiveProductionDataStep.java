package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Variables.PREVIOUS_PRODUCTION_VERSION;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Archives production's data as it is before the new version: what a restore would bring back. The data folder is
 * streamed into the archive (only read, never copied aside); a writer changing it meanwhile makes the step fail
 * rather than archive an inconsistent snapshot. The archive id carries the task id, so a re-delivered task finds its
 * verified archive instead of writing a second one.
 */
@Component
class ArchiveProductionDataStep extends Step {

    private final DataArchives dataArchives;
    private final InstallMethods installMethods;

    ArchiveProductionDataStep(DataArchives dataArchives, InstallMethods installMethods) {
        super(ReleasePolicy.Topics.ARCHIVE_PRODUCTION_DATA, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataArchives = dataArchives;
        this.installMethods = installMethods;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String version = installMethods.installedVersion(Environments.PRODUCTION).orElse("none");
        Archive archive = dataArchives.archive("production-data-" + version + "-" + task.getId(), Environments.PRODUCTION,
                version);
        VariableMap result = Variables.createVariables();
        DATA_ARCHIVE_ID.on(result, archive.id());
        DATA_ARCHIVE_SHA256.on(result, archive.treeSha256());
        PREVIOUS_PRODUCTION_VERSION.on(result, version);
        return result;
    }
}
