package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Variables.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.TESTED_INSTALLER_PACKAGE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.data.FolderDigest;
import org.releasegate.inbox.Inbox;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Archives the installer package of the new version, so a later release can restore this one. The archived bytes
 * must be those that were tested. Then applies archive retention ({@link ArchiveRetention}).
 */
@Component
class ArchiveInstallerStep extends Step {

    private final Inbox inbox;
    private final ArchiveStore archives;
    private final ArchiveRetention retention;

    ArchiveInstallerStep(Inbox inbox, ArchiveStore archives, ArchiveRetention retention) {
        super(ReleasePolicy.Topics.ARCHIVE_INSTALLER, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.inbox = inbox;
        this.archives = archives;
        this.retention = retention;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String packageName = INSTALLER_PACKAGE.from(task);
        Path installerPackage = inbox.resolve(packageName);
        String version = TARGET_VERSION.from(task);
        Optional<String> testedSha256 = Optional.of(packageName).equals(TESTED_INSTALLER_PACKAGE.find(task))
                ? INSTALLER_SHA256.find(task) : Optional.empty();
        if (testedSha256.isPresent() && !testedSha256.get().equals(FolderDigest.sha256(installerPackage))) {
            throw new ArchiveCorruptedException("The installer " + packageName + " changed since it was tested (sha256 "
                    + FolderDigest.sha256(installerPackage) + ", tested " + testedSha256.get() + "): not archived");
        }
        Archive archive = archives.createFromFile("installer-" + version + "-" + task.getId(), ArchiveKind.INSTALLER,
                version, "inbox:" + packageName, installerPackage);
        String archivedSha256 = archive.files().get(0).sha256();
        if (testedSha256.isPresent() && !testedSha256.get().equals(archivedSha256)) {
            throw new ArchiveCorruptedException("The installer " + packageName + " changed while it was archived");
        }
        // Last step that archives in a release: both of its archives now exist, so older ones may go.
        retention.applyAfterArchiving();
        VariableMap result = Variables.createVariables();
        INSTALLER_ARCHIVE_ID.on(result, archive.id());
        INSTALLER_ARCHIVE_SHA256.on(result, archivedSha256);
        return result;
    }
}
