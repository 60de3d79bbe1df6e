package org.releasegate.restore;

import java.time.Clock;

import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.RestoredBase;
import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.ProductionInstallListener;
import org.releasegate.worker.Step;

/** The restore drill and the post-install fingerprint as the application wires them, for benchmarks. */
public final class WindowRestoreSteps {

    private WindowRestoreSteps() {
    }

    public static Step drill(ArchiveStore archives, DataArchives dataArchives, DataStores stores, RestoredBase kept) {
        return new DrillRestoreStep(archives, dataArchives, stores, kept, Clock.systemUTC());
    }

    public static ProductionInstallListener postInstallFingerprint(DataArchives dataArchives, DataStores stores,
                                                                   Environments environments) {
        return new PostInstallFingerprint(dataArchives, stores, environments);
    }
}
