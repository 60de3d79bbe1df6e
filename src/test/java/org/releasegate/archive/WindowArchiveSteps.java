package org.releasegate.archive;

import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallMethods;
import org.releasegate.worker.Step;

/** The archive steps as the application wires them, for benchmarks outside this package (retention off, its default). */
public final class WindowArchiveSteps {

    private WindowArchiveSteps() {
    }

    public static Step productionBase(DataArchives dataArchives, InstallMethods installMethods, RestoredBase kept,
                                      Inbox inbox, ArchiveStore archives) {
        return new ArchiveProductionBaseStep(dataArchives, installMethods, kept, archives,
                new TestedInstallerArchive(inbox, archives));
    }

    public static Step productionData(DataArchives dataArchives, InstallMethods installMethods) {
        return new ArchiveProductionDataStep(dataArchives, installMethods);
    }

    public static Step installer(Inbox inbox, ArchiveStore archives) {
        return new ArchiveInstallerStep(inbox, archives, new ArchiveRetention(archives, 0, () -> {
            throw new IllegalStateException("retention is off");
        }), new TestedInstallerArchive(inbox, archives));
    }
}
