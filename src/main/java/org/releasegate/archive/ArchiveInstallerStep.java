package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.io.IOException;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.inbox.Inbox;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Archives the installer package of the new version, so a later release can restore this one. The archived bytes
 * must be those that were tested (same SHA-256, whatever the package's name). The package was normally archived and
 * verified in depth before the window ({@link TestedInstallerArchive}, by the base step): in the window that archive
 * is only confirmed intact by its file's recorded stamp, nothing is read; without it, or with another stamp, the
 * package is archived here as before. Then applies archive retention ({@link ArchiveRetention}).
 */
@Component
class ArchiveInstallerStep extends Step {

    private final Inbox inbox;
    private final ArchiveStore archives;
    private final ArchiveRetention retention;
    private final TestedInstallerArchive tested;

    ArchiveInstallerStep(Inbox inbox, ArchiveStore archives, ArchiveRetention retention,
                         TestedInstallerArchive tested) {
        super(ReleasePolicy.Topics.ARCHIVE_INSTALLER, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.inbox = inbox;
        this.archives = archives;
        this.retention = retention;
        this.tested = tested;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String packageName = INSTALLER_PACKAGE.from(task);
        String version = TARGET_VERSION.from(task);
        Optional<String> testedSha256 = INSTALLER_SHA256.find(task).map(String::trim).filter(sha -> !sha.isEmpty());
        Optional<Archive> before = testedSha256.isPresent()
                ? tested.verifiedBeforeWindow(version, testedSha256.get()) : Optional.empty();
        if (before.isPresent()) {
            return archived(before.get());
        }
        Archive archive;
        // Read once from the inbox into a private copy, hashed as it is copied; only the copy is archived.
        try (Inbox.PrivateCopy copy = inbox.copy(packageName, archives.scratchFolder(task.getId()))) {
            if (testedSha256.isPresent() && !testedSha256.get().equalsIgnoreCase(copy.sha256())) {
                throw new ArchiveCorruptedException(Messages.text("archive.installer.changed-since-tested",
                        packageName, copy.sha256(), testedSha256.get()));
            }
            archive = archives.createFromFile("installer-" + version + "-" + task.getId(), ArchiveKind.INSTALLER,
                    version, "inbox:" + packageName, copy.file());
        }
        if (testedSha256.isPresent() && !testedSha256.get().equalsIgnoreCase(archive.files().get(0).sha256())) {
            throw new ArchiveCorruptedException(Messages.text("archive.installer.changed-while-archived", packageName));
        }
        return archived(archive);
    }

    private VariableMap archived(Archive archive) throws IOException {
        String archivedSha256 = archive.files().get(0).sha256();
        // Last step that archives in a release: both of its archives now exist, so older ones may go.
        retention.applyAfterArchiving();
        VariableMap result = Variables.createVariables();
        INSTALLER_ARCHIVE_ID.on(result, archive.id());
        INSTALLER_ARCHIVE_SHA256.on(result, archivedSha256);
        return result;
    }
}
