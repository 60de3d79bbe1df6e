package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.AfterInstallRecord;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.environment.Environments;
import org.releasegate.installation.ProductionInstallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records production's data right after the install, beside the archive taken just before it: what lies between the
 * two is what the migration changed, what changes after is what people enter. The rollback assessment tells them
 * apart with it, and with the CSV files the migration changed, kept as it left them. Takes one more read of
 * production's data (like the archive's fingerprint) while it is still closed to users; a failure only costs the
 * report that split, never the install. On production's agent, when it has one, the agent takes the record and sends
 * it to this node ({@code transfer/AfterInstallRecords}). For a folder, that read costs what changed: only the files written since the
 * archive read them are hashed, the others keep the digest recorded with their unchanged stamp
 * ({@link DataArchives#filesSince}). For a database, each record is kept as its key and a digest (RowDigests):
 * one more pass over every table, sorted by key on the server.
 */
@Component
class PostInstallFingerprint implements ProductionInstallListener {

    private static final Logger LOG = LoggerFactory.getLogger(PostInstallFingerprint.class);

    private final DataArchives dataArchives;
    private final DataStores dataStores;
    private final Environments environments;

    PostInstallFingerprint(DataArchives dataArchives, DataStores dataStores, Environments environments) {
        this.dataArchives = dataArchives;
        this.dataStores = dataStores;
        this.environments = environments;
    }

    @Override
    public void installed(ExternalTask task) {
        DATA_ARCHIVE_ID.find(task).ifPresent(this::record);
    }

    void record(String dataArchiveId) {
        try {
            Fingerprint archived = dataArchives.contentOf(dataArchiveId);
            AfterInstallRecord record = AfterInstallRecord.take(dataStores.of(Environments.PRODUCTION),
                    environments.dataFolderIfDirectory(Environments.PRODUCTION), archived,
                    folder -> Optional.of(filesSince(dataArchiveId, folder)), dataArchives.newRowsFolder(dataArchiveId),
                    "beside " + dataArchiveId);
            dataArchives.recordAfterInstall(dataArchiveId, record.fingerprint(), record.files(), record.rows());
        } catch (Exception e) {
            LOG.warn("Production's data after the install was not recorded beside {}: the rollback assessment will not"
                    + " tell what the migration changed from what was entered since", dataArchiveId, e);
        }
    }

    /**
     * Inside the window: only the files the delta and the install wrote are read, the others' digests are those the
     * archive recorded with their unchanged stamps.
     */
    private Fingerprint filesSince(String dataArchiveId, Path folder) throws IOException {
        ArchiveStore.Digested digested = dataArchives.filesSince(dataArchiveId, folder);
        LOG.info("Production's data after the install: {} files hashed ({} bytes), {} unchanged since archive {}"
                + " by their stamps ({} bytes not read)", digested.hashed(), digested.hashedBytes(),
                digested.reused(), dataArchiveId, digested.reusedBytes());
        return Fingerprint.ofFiles(digested.files());
    }
}
