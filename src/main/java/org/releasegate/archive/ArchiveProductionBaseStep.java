package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;

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
 * Archives production's data in full while it still runs, before the production window: the slow part of the archive
 * is paid outside the downtime, and the archive taken in the window, production stopped, only has to hold what changed
 * since. Production's users may write meanwhile: what changes while it is read is packed again by that delta
 * ({@link DataArchives#archiveWhileInUse}).
 */
@Component
class ArchiveProductionBaseStep extends Step {

    private final DataArchives dataArchives;
    private final InstallMethods installMethods;

    ArchiveProductionBaseStep(DataArchives dataArchives, InstallMethods installMethods) {
        super(ReleasePolicy.Topics.ARCHIVE_PRODUCTION_BASE, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataArchives = dataArchives;
        this.installMethods = installMethods;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String version = installMethods.installedVersion(Environments.PRODUCTION).orElse("none");
        VariableMap result = Variables.createVariables();
        dataArchives.archiveWhileInUse("production-base-" + version + "-" + task.getId(), Environments.PRODUCTION,
                version).ifPresent(archive -> {
                    BASE_DATA_ARCHIVE_ID.on(result, archive.id());
                    BASE_DATA_ARCHIVE_SHA256.on(result, archive.treeSha256());
                });
        return result;
    }
}
