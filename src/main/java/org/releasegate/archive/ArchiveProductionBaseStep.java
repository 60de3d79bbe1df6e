package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;

import java.io.IOException;
import java.util.Optional;

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
 * ({@link DataArchives#archiveWhileInUse}). The base is then restored and verified into a copy kept for the release
 * ({@link RestoredBase}), so that the restore drill in the window only writes the delta over it.
 */
@Component
class ArchiveProductionBaseStep extends Step {

    private final DataArchives dataArchives;
    private final InstallMethods installMethods;
    private final RestoredBase restoredBase;

    ArchiveProductionBaseStep(DataArchives dataArchives, InstallMethods installMethods, RestoredBase restoredBase) {
        super(ReleasePolicy.Topics.ARCHIVE_PRODUCTION_BASE, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataArchives = dataArchives;
        this.installMethods = installMethods;
        this.restoredBase = restoredBase;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String version = installMethods.installedVersion(Environments.PRODUCTION).orElse("none");
        VariableMap result = Variables.createVariables();
        Optional<Archive> base = dataArchives.archiveWhileInUse("production-base-" + version + "-" + task.getId(),
                Environments.PRODUCTION, version);
        if (base.isPresent()) {
            // A base that does not restore is refused here (ARCHIVE_REJECTED), days before the window.
            restoredBase.keep(task.getProcessInstanceId(), base.get().id());
            BASE_DATA_ARCHIVE_ID.on(result, base.get().id());
            BASE_DATA_ARCHIVE_SHA256.on(result, base.get().treeSha256());
        }
        return result;
    }
}
