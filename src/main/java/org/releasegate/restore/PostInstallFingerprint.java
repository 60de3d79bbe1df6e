package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.files.FileTrees;
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
 * report that split, never the install. For a folder, that read costs what changed: only the files written since the
 * archive read them are hashed, the others keep the digest recorded with their unchanged stamp
 * ({@link DataArchives#filesSince}). For a database, each record is kept as its key and a digest (RowDigests):
 * one more pass over every table, sorted by key on the server.
 */
@Component
class PostInstallFingerprint implements ProductionInstallListener {

    private static final Logger LOG = LoggerFactory.getLogger(PostInstallFingerprint.class);
    /** What the CSV files kept beside one archive may weigh in all. */
    static final long MAX_KEPT_BYTES = 64L << 20;

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
            // Computed the way the archive's was, or the two would not compare.
            Fingerprint archived = dataArchives.contentOf(dataArchiveId);
            Optional<Path> folder = environments.dataFolderIfDirectory(Environments.PRODUCTION);
            Fingerprint installed;
            if (folder.isPresent() && Fingerprint.BYTES.equals(archived.unit()) && archived.method() == null) {
                // Inside the window: only the files the delta and the install wrote are read, the others' digests
                // are those the archive recorded with their unchanged stamps.
                ArchiveStore.Digested digested = dataArchives.filesSince(dataArchiveId, folder.get());
                installed = Fingerprint.ofFiles(digested.files());
                LOG.info("Production's data after the install: {} files hashed ({} bytes), {} unchanged since archive {}"
                        + " by their stamps ({} bytes not read)", digested.hashed(), digested.hashedBytes(),
                        digested.reused(), dataArchiveId, digested.reusedBytes());
            } else {
                installed = dataStores.of(Environments.PRODUCTION).fingerprintLike(archived);
            }
            Map<String, byte[]> files = new HashMap<>();
            if (folder.isPresent()) {
                files = changedCsvFiles(folder.get(), archived, installed);
            }
            dataArchives.recordAfterInstall(dataArchiveId, installed, files, rows(dataArchiveId));
        } catch (Exception e) {
            LOG.warn("Production's data after the install was not recorded beside {}: the rollback assessment will not"
                    + " tell what the migration changed from what was entered since", dataArchiveId, e);
        }
    }

    /**
     * Each record of production's tables as the install left them (a database store), so that the assessment names
     * the records people entered or changed since; empty when the store has no tables or they could not be read.
     */
    private Optional<Path> rows(String dataArchiveId) throws IOException {
        Path folder = dataArchives.newRowsFolder(dataArchiveId);
        try {
            if (dataStores.of(Environments.PRODUCTION).writeRowDigests(table -> true, folder)) {
                return Optional.of(folder);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Production's records after the install were not recorded beside {}: the rollback assessment will"
                    + " count rows rather than name records", dataArchiveId, e);
        }
        FileTrees.deleteRecursively(folder);
        return Optional.empty();
    }

    /**
     * The CSV files the migration changed, as it left them: the archive holds them as they were before, the folder
     * as they are when assessed, but a file changed by both the migration and people since would be told in bytes.
     * Small ones only, and only those still as fingerprinted.
     */
    private static Map<String, byte[]> changedCsvFiles(Path folder, Fingerprint archived, Fingerprint installed)
            throws IOException, GeneralSecurityException {
        Map<String, String> archivedSha256 = new HashMap<>();
        archived.parts().forEach(part -> archivedSha256.put(part.name(), part.sha256()));
        Map<String, byte[]> files = new HashMap<>();
        long kept = 0;
        for (Fingerprint.Part part : installed.parts()) {
            if (!TextChanges.applies(part.name()) || part.sha256().equals(archivedSha256.get(part.name()))
                    || part.count() > TextChanges.MAX_BYTES || kept + part.count() > MAX_KEPT_BYTES) {
                continue;
            }
            byte[] content = Files.readAllBytes(folder.resolve(part.name()));
            if (part.sha256().equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))) {
                files.put(part.name(), content);
                kept += content.length;
            }
        }
        return files;
    }
}
