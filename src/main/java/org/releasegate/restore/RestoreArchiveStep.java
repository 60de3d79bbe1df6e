package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERSION;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataChangedSinceStagedException;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.StagedSwap;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallRequest;
import org.releasegate.message.Messages;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Puts the version that was in production before this release back in place: both archives are extracted (and so
 * verified, file and members) into scratch space before anything is touched, the current production data is archived
 * first (a rollback loses nothing), the archived data is staged beside production's, then the previous installer is
 * reinstalled and the staged data swapped in. Before the clone taken in the window is archived, that clone is the data
 * put back: checked on production's server, then renamed into place ({@link CloneRestore}).
 * <p>
 * The program and the data switch together or not at all: when the data cannot be put back (or production's data
 * changed since it was archived), the program production ran is reinstalled from its archive. The pre-restore
 * archive, registered before anything is switched, is the record a re-delivered task reads after a crash: it names
 * the version production ran and holds the data it had, so the task finishes the pair (or undoes the program switch
 * when it cannot) and reports the same archive.
 * <p>
 * It runs on the node that runs production's steps: production's agent when one is declared (docs/agents.md), which
 * installs and stages on its own server while the archives stay in the engine node's store ({@link RestoreArchives}).
 */
@Component
public class RestoreArchiveStep extends Step {

    private static final String NOTHING_INSTALLED = "none";

    private final Environments environments;
    private final RestoreArchives archives;
    private final DataStores dataStores;
    private final InstallMethods installMethods;
    private final BetweenSwitches betweenSwitches;

    /**
     * @param archives the engine node's archive store: read there, or asked of the engine node when production's
     *                 agent runs the restore
     */
    @Autowired
    public RestoreArchiveStep(Environments environments, RestoreArchives archives, DataStores dataStores,
                              InstallMethods installMethods) {
        this(environments, archives, dataStores, installMethods, () -> {
        });
    }

    RestoreArchiveStep(Environments environments, ArchiveStore archives, DataArchives dataArchives, DataStores dataStores,
                       InstallMethods installMethods) {
        this(environments, new LocalRestoreArchives(archives, dataArchives), dataStores, installMethods);
    }

    /** @param betweenSwitches called once the program is switched, before the data is: where tests inject a failure */
    RestoreArchiveStep(Environments environments, ArchiveStore archives, DataArchives dataArchives, DataStores dataStores,
                       InstallMethods installMethods, BetweenSwitches betweenSwitches) {
        this(environments, new LocalRestoreArchives(archives, dataArchives), dataStores, installMethods,
                betweenSwitches);
    }

    private RestoreArchiveStep(Environments environments, RestoreArchives archives, DataStores dataStores,
                               InstallMethods installMethods, BetweenSwitches betweenSwitches) {
        super(ReleasePolicy.Topics.RESTORE_ARCHIVE, ReleasePolicy.Errors.RESTORE_REJECTED);
        this.environments = environments;
        this.archives = archives;
        this.dataStores = dataStores;
        this.installMethods = installMethods;
        this.betweenSwitches = betweenSwitches;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String previousVersion = PREVIOUS_PRODUCTION_VERSION.from(task);
        // Before the clone taken in the window is archived, the data to put back is that clone, on production's server.
        Optional<String> clone = DATA_ARCHIVE_ID.find(task).isPresent() ? Optional.empty() : PRODUCTION_CLONE.find(task);
        String dataArchiveId = clone.isPresent() ? null : DATA_ARCHIVE_ID.from(task);

        // Scratch space named after the task, so a re-delivered task starts afresh.
        Path scratch = archives.scratch(task.getId());
        try {
            // An earlier attempt of this task that registered its pre-restore archive may have switched the program.
            Optional<RestoreArchives.PreRestore> earlier = archives.preRestoreOf(task.getId());
            String runningVersion = earlier.isPresent() ? earlier.get().version()
                    : installMethods.installedVersion(Environments.PRODUCTION).orElse(NOTHING_INSTALLED);
            // Both archives, and the program to go back to, are checked (file SHA-256, then every member) while
            // extracted, before production is touched.
            Path installerPackage = archives.installer(task.getId(), previousVersion, false,
                    scratch.resolve("installer"));
            Optional<Path> runningPackage = runningVersion.equals(previousVersion)
                    || runningVersion.equals(NOTHING_INSTALLED) ? Optional.empty()
                    : Optional.of(archives.installer(task.getId(), runningVersion, true, scratch.resolve("running")));
            RestoreArchives.PreRestore beforeRestore;
            try {
                DataStore production = dataStores.of(Environments.PRODUCTION);
                Staging staging;
                if (clone.isPresent()) {
                    CloneRestore fromClone = new CloneRestore(production, clone.get(), PRODUCTION_CLONE_SHA256.from(task));
                    fromClone.requireAvailable();
                    staging = fromClone::stage;
                } else {
                    Path restoredData = archives.data(task.getId(), dataArchiveId, scratch.resolve("data"));
                    // What would stop the data restore for good (a privilege, a role, an extension missing) stops it
                    // now, before production's data is archived and its program switched.
                    production.checkRestorable(restoredData);
                    staging = () -> production.stageRestore(restoredData);
                }
                beforeRestore = archives.archiveProduction(task.getId(), runningVersion);
                switchProgramAndData(staging, dataArchiveId, beforeRestore, installerPackage, previousVersion,
                        task.getId());
            } catch (IOException | RuntimeException e) {
                // Also after a crash between the switches: a re-delivered task that cannot finish undoes.
                if (!goBackTo(runningVersion, runningPackage, task.getId(), e) && e instanceof RejectedInputException) {
                    // Not a rejection, which would start production again on a mix: retried, production stopped.
                    throw new IOException(Messages.text("restore.undo-failed", e.getMessage(), runningVersion), e);
                }
                throw e;
            }

            VariableMap result = Variables.createVariables();
            PRE_RESTORE_ARCHIVE_ID.on(result, beforeRestore.id());
            PRODUCTION_VERSION.on(result, previousVersion);
            return result;
        } finally {
            ScratchFolders.deleteQuietly(scratch);
        }
    }

    /**
     * The data is staged beside production's before the program is switched: a full disk stops the restore with
     * production untouched. Production's data must still be what the pre-restore archive holds (else what was
     * written since would be lost), unless a crashed attempt already put the archived data in place.
     */
    private void switchProgramAndData(Staging staging, String dataArchiveId, RestoreArchives.PreRestore beforeRestore,
                                      Path installerPackage, String previousVersion, String taskId) throws IOException {
        DataStore production = dataStores.of(Environments.PRODUCTION);
        // Staging first also repairs a data swap that a crash cut in two.
        try (StagedSwap stagedData = staging.stage()) {
            Fingerprint archivedBefore = archives.contentOf(taskId, beforeRestore.id());
            Fingerprint now = production.fingerprintLike(archivedBefore);
            // What the data put back holds: the archive's content, or the clone's as checked in the window.
            Fingerprint putBack = dataArchiveId != null ? archives.contentOf(taskId, dataArchiveId)
                    : stagedData.fingerprint();
            boolean alreadyRestored = !now.sameContentAs(archivedBefore) && now.sameContentAs(putBack);
            if (!alreadyRestored) {
                DataChangedSinceStagedException.requireUnchanged(archivedBefore, now,
                        Messages.text("restore.production-data-archived-in", beforeRestore.id()));
            }
            installMethods.of(Environments.PRODUCTION).install(new InstallRequest(installerPackage,
                    environments.installRoot(Environments.PRODUCTION), previousVersion, null, null, taskId));
            betweenSwitches.run();
            if (!alreadyRestored) {
                stagedData.publish();
            }
        }
    }

    /**
     * Reinstalls the program production ran when the restore stopped with the data not put back.
     *
     * @return false when production may still run another program than {@code runningVersion}
     */
    private boolean goBackTo(String runningVersion, Optional<Path> runningPackage, String taskId, Exception failure) {
        try {
            if (runningPackage.isPresent()
                    && !installMethods.installedVersion(Environments.PRODUCTION).equals(Optional.of(runningVersion))) {
                installMethods.of(Environments.PRODUCTION).install(new InstallRequest(runningPackage.get(),
                        environments.installRoot(Environments.PRODUCTION), runningVersion, null, null, taskId));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** The data to put back, staged beside production's before the program is switched. */
    @FunctionalInterface
    private interface Staging {
        StagedSwap stage() throws IOException;
    }

    /** A point between the program switch and the data switch. */
    @FunctionalInterface
    interface BetweenSwitches {
        void run() throws IOException;
    }
}
