package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.PRODUCTION_VERSION;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.FileTrees;
import org.releasegate.data.StagedData;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Puts the version that was in production before this release back in place: both archives are extracted (and so
 * verified, file and members) into scratch space before anything is touched, the current production data is archived
 * first (a rollback loses nothing), the archived data is staged beside production's, then the previous installer is
 * reinstalled and the staged data swapped in.
 */
@Component
class RestoreArchiveStep extends Step {

    private final Environments environments;
    private final ArchiveStore archives;
    private final DataArchives dataArchives;
    private final DataStores dataStores;
    private final InstallMethods installMethods;

    RestoreArchiveStep(Environments environments, ArchiveStore archives, DataArchives dataArchives, DataStores dataStores,
                       InstallMethods installMethods) {
        super(ReleasePolicy.Topics.RESTORE_ARCHIVE, ReleasePolicy.Errors.RESTORE_REJECTED);
        this.environments = environments;
        this.archives = archives;
        this.dataArchives = dataArchives;
        this.dataStores = dataStores;
        this.installMethods = installMethods;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String previousVersion = PREVIOUS_PRODUCTION_VERSION.from(task);
        String dataArchiveId = DATA_ARCHIVE_ID.from(task);
        Archive installerArchive = installerArchive(previousVersion);

        // Scratch space on the archive disk, named after the task so a re-delivered task starts afresh.
        Path scratch = archives.scratchFolder(task.getId());
        FileTrees.deleteRecursively(scratch);
        try {
            // Both archives are checked (file SHA-256, then every member) while extracted, before production is touched.
            Path restoredData = dataArchives.extract(dataArchiveId, scratch.resolve("data"));
            Path installerFolder = scratch.resolve("installer");
            Path installerPackage = singleFile(archives.extractTo(installerArchive.id(), installerFolder), installerFolder);

            String currentVersion = installMethods.installedVersion(Environments.PRODUCTION).orElse("none");
            Archive beforeRestore = dataArchives.archive("pre-restore-data-" + currentVersion + "-" + task.getId(),
                    Environments.PRODUCTION, currentVersion);

            // The data is staged beside production's before the program is switched: a full disk stops the restore
            // with production untouched, not running the previous program on the current data.
            try (StagedData stagedData = dataStores.of(Environments.PRODUCTION).stageRestore(restoredData)) {
                installMethods.of(Environments.PRODUCTION).install(new InstallRequest(installerPackage,
                        environments.installRoot(Environments.PRODUCTION), previousVersion, null, null, task.getId()));
                stagedData.publish();
            }

            VariableMap result = Variables.createVariables();
            PRE_RESTORE_ARCHIVE_ID.on(result, beforeRestore.id());
            PRODUCTION_VERSION.on(result, previousVersion);
            return result;
        } finally {
            ScratchFolders.deleteQuietly(scratch);
        }
    }

    private Archive installerArchive(String version) throws IOException {
        Optional<Archive> archive = archives.latest(ArchiveKind.INSTALLER, version);
        if (archive.isPresent()) {
            return archive.get();
        }
        // An installer archive whose manifest was damaged is not listed: say so rather than "never archived".
        List<String> unreadable = archives.unreadable();
        throw new RejectedInputException("No archived installer of version " + version + ": it cannot be restored"
                + (unreadable.isEmpty() ? "" : "; archives that cannot be read, it may be one of them: "
                + String.join("; ", unreadable)));
    }

    private static Path singleFile(Archive installerArchive, Path extracted) {
        if (installerArchive.files().size() != 1) {
            throw new RejectedInputException("Installer archive " + installerArchive.id() + " holds "
                    + installerArchive.files().size() + " files, expected one package");
        }
        return extracted.resolve(installerArchive.files().get(0).path());
    }
}
