package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.files.FileTrees;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.PackageInspector;
import org.releasegate.message.Messages;
import org.springframework.stereotype.Component;

/**
 * The first release's safety net: archives the installer of the version production runs (the company's copy, dropped
 * in the inbox), and on request its data, so that a rollback of the next release can give production its program
 * back. The installer must be that version: our packages say it in their descriptor; a vendor's installer cannot, so
 * the caller names the version and it must be the one production runs.
 */
@Component
public class ProductionBaseline {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final InstallMethods installMethods;
    private final Inbox inbox;
    private final ArchiveStore archives;
    private final DataArchives dataArchives;
    private final PackageInspector inspector = new PackageInspector();
    private final Clock clock;

    public ProductionBaseline(InstallMethods installMethods, Inbox inbox, ArchiveStore archives,
                              DataArchives dataArchives, Clock clock) {
        this.installMethods = installMethods;
        this.inbox = inbox;
        this.archives = archives;
        this.dataArchives = dataArchives;
        this.clock = clock;
    }

    /** What was archived: the installer's archive, and the data's when asked for. */
    public record Taken(String version, Archive installer, Optional<Archive> data) {
    }

    /**
     * @param packageName  a file of the inbox: the installer of the version production runs
     * @param namedVersion the version the caller says it is (required for a vendor installer), or null
     * @param withData     also archive production's data, read as a consistent whole (a directory store that is
     *                     written meanwhile is refused: archive it when the ERP is quiet)
     * @param by           who asked, recorded as the archive's source
     * @throws RejectedInputException when production runs no known version, or the package is not that version
     */
    public Taken take(String packageName, String namedVersion, boolean withData, String by) throws IOException {
        String running = installMethods.installedVersion(Environments.PRODUCTION).orElseThrow(() ->
                new RejectedInputException(Messages.text("restore.baseline.nothing-installed")));
        if (namedVersion != null && !namedVersion.isBlank() && !namedVersion.strip().equals(running)) {
            throw new RejectedInputException(Messages.text("restore.baseline.other-version", running, namedVersion.strip()));
        }
        String stamp = STAMP.format(clock.instant());
        Path work = Files.createTempDirectory("release-gate-baseline-");
        Archive installer;
        try (Inbox.PrivateCopy copy = inbox.copy(packageName, work.resolve("package"))) {
            requireVersion(copy, running, namedVersion);
            installer = archives.createFromFile("installer-" + running + "-baseline-" + stamp, ArchiveKind.INSTALLER,
                    running, "baseline:inbox:" + copy.name() + " (" + by + ")", copy.file());
        } finally {
            FileTrees.deleteRecursively(work);
        }
        Optional<Archive> data = withData
                ? Optional.of(dataArchives.archive("production-baseline-" + running + "-" + stamp,
                        Environments.PRODUCTION, running))
                : Optional.empty();
        return new Taken(running, installer, data);
    }

    private void requireVersion(Inbox.PrivateCopy copy, String running, String namedVersion) throws IOException {
        if (!installMethods.packagesNameTheirVersion(Environments.PRODUCTION)) {
            if (namedVersion == null || namedVersion.isBlank()) {
                throw new RejectedInputException(Messages.text("restore.baseline.version-needed", copy.name(), running));
            }
            return;
        }
        String packaged = inspector.inspect(copy.file()).version();
        if (!packaged.equals(running)) {
            throw new RejectedInputException(Messages.text("restore.baseline.other-package", copy.name(), packaged, running));
        }
    }
}
