package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.Fingerprint;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.springframework.stereotype.Component;

/**
 * The engine node's archive store, as the restore reads it there: the scratch space lies beside the archives (same
 * disk). Also what the engine node answers production's agent when the restore runs there.
 */
@Component
public class LocalRestoreArchives implements RestoreArchives {

    private static final String PRE_RESTORE_PREFIX = "pre-restore-data-";

    private final ArchiveStore archives;
    private final DataArchives dataArchives;

    public LocalRestoreArchives(ArchiveStore archives, DataArchives dataArchives) {
        this.archives = archives;
        this.dataArchives = dataArchives;
    }

    @Override
    public Path scratch(String taskId) throws IOException {
        Path scratch = archives.scratchFolder(taskId);
        FileTrees.deleteRecursively(scratch);
        return scratch;
    }

    @Override
    public Path installer(String taskId, String version, boolean running, Path emptyFolder) throws IOException {
        Optional<Archive> archive = archives.latest(ArchiveKind.INSTALLER, version);
        if (archive.isEmpty()) {
            if (running) {
                // The program production runs must be archived (the release archives it before installing it):
                // without it, a data restore that fails could not give production its program back.
                throw new RejectedInputException(Messages.text("restore.no-running-installer", version));
            }
            // An installer archive whose manifest was damaged is not listed: say so rather than "never archived".
            List<String> unreadable = archives.unreadable();
            throw new RejectedInputException(unreadable.isEmpty() ? Messages.text("restore.no-installer", version)
                    : Messages.text("restore.no-installer-unreadable", version, String.join(" ; ", unreadable)));
        }
        Archive extracted = archives.extractTo(archive.get().id(), emptyFolder);
        if (extracted.files().size() != 1) {
            throw new RejectedInputException(Messages.text("restore.installer-archive-files", extracted.id(),
                    extracted.files().size()));
        }
        return emptyFolder.resolve(extracted.files().get(0).path());
    }

    @Override
    public Path data(String taskId, String archiveId, Path emptyFolder) throws IOException {
        return dataArchives.extract(archiveId, emptyFolder);
    }

    @Override
    public Fingerprint contentOf(String taskId, String archiveId) throws IOException {
        return dataArchives.contentOf(archiveId);
    }

    @Override
    public Optional<PreRestore> preRestoreOf(String taskId) throws IOException {
        return archives.list().stream()
                .filter(archive -> archive.id().startsWith(PRE_RESTORE_PREFIX) && archive.id().endsWith("-" + taskId))
                .findFirst().map(archive -> new PreRestore(archive.id(), archive.version()));
    }

    @Override
    public PreRestore archiveProduction(String taskId, String runningVersion) throws IOException {
        Archive archive = dataArchives.archive(PRE_RESTORE_PREFIX + runningVersion + "-" + taskId,
                Environments.PRODUCTION, runningVersion);
        return new PreRestore(archive.id(), archive.version());
    }
}
