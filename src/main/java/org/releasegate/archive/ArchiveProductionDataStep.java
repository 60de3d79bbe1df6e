package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;

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
 * Archives production's data as it is before the new version, production stopped: what a restore would bring back.
 * When the release made a full archive before the window ({@link ArchiveProductionBaseStep}), only what changed since
 * is archived, as a delta of that base, so that the window pays for the changes and not for the whole store; the
 * base and the delta then restore as one archive. Otherwise (no base, a database store, a base damaged since), the
 * data is archived in full. The data folder is streamed into the archive (only read, never copied aside); a writer
 * changing it meanwhile makes the step fail rather than archive an inconsistent snapshot. The archive id carries the
 * task id, so a re-delivered task finds its verified archive instead of writing a second one.
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
        Archive archive = dataArchives.archiveSince("production-data-" + version + "-" + task.getId(),
                Environments.PRODUCTION, version, BASE_DATA_ARCHIVE_ID.find(task).orElse(null),
                BASE_DATA_ARCHIVE_SHA256.find(task).orElse(null));
        VariableMap result = Variables.createVariables();
        DATA_ARCHIVE_ID.on(result, archive.id());
        // The whole content's digest, a delta's included: what a restore of this archive gives back.
        DATA_ARCHIVE_SHA256.on(result, archive.contentSha256());
        PREVIOUS_PRODUCTION_VERSION.on(result, version);
        return result;
    }
}
