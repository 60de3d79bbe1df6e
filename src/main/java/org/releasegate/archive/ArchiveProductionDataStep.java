package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Variables.PREVIOUS_PRODUCTION_VERSION;

import java.io.IOException;
import java.nio.file.Path;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.data.DirectoryDataStore;
import org.releasegate.environment.Environments;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Archives production's data as it is before the new version: what a restore would bring back. The archive id
 * carries the task id, so a re-delivered task finds its verified archive instead of writing a second one.
 */
@Component
class ArchiveProductionDataStep extends Step {

    private final Environments environments;
    private final DirectoryDataStore dataStore;
    private final Installer installer;
    private final ArchiveStore archives;

    ArchiveProductionDataStep(Environments environments, DirectoryDataStore dataStore, Installer installer,
                              ArchiveStore archives) {
        super(ReleasePolicy.Topics.ARCHIVE_PRODUCTION_DATA, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.environments = environments;
        this.dataStore = dataStore;
        this.installer = installer;
        this.archives = archives;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        Path data = environments.dataFolder(Environments.PRODUCTION);
        String version = installer.installedVersion(environments.installRoot(Environments.PRODUCTION)).orElse("none");
        Archive archive = archives.create("production-data-" + version + "-" + task.getId(), ArchiveKind.PRODUCTION_DATA,
                version, "production:" + data, files -> dataStore.copy(data, files));
        VariableMap result = Variables.createVariables();
        DATA_ARCHIVE_ID.on(result, archive.id());
        DATA_ARCHIVE_SHA256.on(result, archive.treeSha256());
        PREVIOUS_PRODUCTION_VERSION.on(result, version);
        return result;
    }
}
