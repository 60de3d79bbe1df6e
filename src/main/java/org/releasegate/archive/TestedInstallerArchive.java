package org.releasegate.archive;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import org.releasegate.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tested installer package archived and verified before the production window, so that the window only checks
 * it is still there, unchanged. The installer is no production data and does not change while production runs: its
 * archive need not be taken with production stopped. Named after the tested bytes
 * ({@code installer-<version>-tested-<16 hex of the SHA-256>}), so the window finds it without any variable of the
 * model, and the same bytes are archived once.
 */
@Component
public class TestedInstallerArchive {

    private static final Logger LOG = LoggerFactory.getLogger(TestedInstallerArchive.class);

    private final Inbox inbox;
    private final ArchiveStore archives;

    public TestedInstallerArchive(Inbox inbox, ArchiveStore archives) {
        this.inbox = inbox;
        this.archives = archives;
    }

    static String id(String version, String testedSha256) {
        return "installer-" + version + "-tested-" + testedSha256.trim().toLowerCase(Locale.ROOT).substring(0, 16);
    }

    /**
     * Archives the package when its bytes are the tested ones, then verifies the archive in depth and records its
     * file's stamp ({@link ArchiveStore#verifyAndRecord}). Read once from the inbox into a private copy, hashed as it
     * is copied; only the copy is archived.
     *
     * @return the archive; empty when the package is no longer the tested bytes (the window's step then refuses it)
     */
    Optional<Archive> archiveBeforeWindow(String packageName, String version, String testedSha256, String taskId)
            throws IOException {
        String id = id(version, testedSha256);
        try (Inbox.PrivateCopy copy = inbox.copy(packageName, archives.scratchFolder(taskId))) {
            if (!testedSha256.trim().equalsIgnoreCase(copy.sha256())) {
                LOG.warn("Installer {} is not the tested bytes (SHA-256 {}, tested {}): not archived before the window",
                        packageName, copy.sha256(), testedSha256);
                return Optional.empty();
            }
            archives.createFromFile(id, ArchiveKind.INSTALLER, version, "inbox:" + packageName, copy.file());
        }
        return Optional.of(archives.verifyAndRecord(id));
    }

    /**
     * The archive {@link #archiveBeforeWindow} made of these tested bytes, when it is still provably intact: its only
     * member has the tested SHA-256 and its file the stamp recorded when it was verified in depth (one stat, the
     * file not read). Empty otherwise: the window archives the package as before.
     */
    Optional<Archive> verifiedBeforeWindow(String version, String testedSha256) throws IOException {
        String id = id(version, testedSha256);
        Optional<Archive> archive;
        try {
            archive = archives.find(id);
        } catch (ArchiveCorruptedException e) {
            LOG.warn("Installer archive {} made before the window is damaged, archived again: {}", id, e.getMessage());
            return Optional.empty();
        }
        if (archive.isEmpty() || archive.get().kind() != ArchiveKind.INSTALLER
                || !version.equals(archive.get().version()) || archive.get().files().size() != 1
                || !testedSha256.trim().equalsIgnoreCase(archive.get().files().get(0).sha256())) {
            return Optional.empty();
        }
        if (archives.verifiedUnchanged(id).isEmpty()) {
            LOG.warn("Installer archive {} changed since it was verified before the window: archived again", id);
            return Optional.empty();
        }
        return archive;
    }
}
