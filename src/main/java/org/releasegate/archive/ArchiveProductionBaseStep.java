package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.io.IOException;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Archives production's data in full while it still runs, before the production window: the slow part of the archive
 * is paid outside the downtime, and the archive taken in the window, production stopped, only has to hold what changed
 * since. Production's users may write meanwhile: what changes while it is read is packed again by that delta
 * ({@link DataArchives#archiveWhileInUse}). The base is then restored and verified into a copy kept for the release
 * ({@link RestoredBase}), so that the restore drill in the window only writes the delta over it.
 * <p>
 * The installers are no production data and do not change while production runs: the tested package is archived
 * and verified in depth here ({@link TestedInstallerArchive}), and so is the archive of the version production runs
 * (which a rollback would reinstall), each file's stamp recorded. The window then checks both by one stat each
 * instead of archiving and re-reading them. Any failure there is only logged: the window does that work as before.
 */
@Component
class ArchiveProductionBaseStep extends Step {

    private final DataArchives dataArchives;
    private final InstallMethods installMethods;
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveProductionBaseStep.class);

    private final RestoredBase restoredBase;
    private final ArchiveStore archives;
    private final TestedInstallerArchive testedInstaller;

    ArchiveProductionBaseStep(DataArchives dataArchives, InstallMethods installMethods, RestoredBase restoredBase,
                              ArchiveStore archives, TestedInstallerArchive testedInstaller) {
        super(ReleasePolicy.Topics.ARCHIVE_PRODUCTION_BASE, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataArchives = dataArchives;
        this.installMethods = installMethods;
        this.restoredBase = restoredBase;
        this.archives = archives;
        this.testedInstaller = testedInstaller;
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
        installersVerifiedBeforeWindow(task, version);
        return result;
    }

    private void installersVerifiedBeforeWindow(ExternalTask task, String productionVersion) {
        Optional<String> tested = INSTALLER_SHA256.find(task).map(String::trim).filter(sha -> sha.length() >= 16);
        Optional<String> packageName = INSTALLER_PACKAGE.find(task);
        Optional<String> version = TARGET_VERSION.find(task);
        try {
            if (tested.isPresent() && packageName.isPresent() && version.isPresent()) {
                testedInstaller.archiveBeforeWindow(packageName.get(), version.get(), tested.get(), task.getId())
                        .ifPresent(archive -> LOG.info("Installer archived and verified before the window: {}",
                                archive.id()));
            }
            Optional<Archive> running = archives.latest(ArchiveKind.INSTALLER, productionVersion);
            if (running.isPresent()) {
                archives.verifyAndRecord(running.get().id());
            }
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Installer archives not verified before the window (the window does it): {}", e.toString());
        }
    }
}
