package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_ID;

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
import org.releasegate.archive.DataArchives;
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
 * report that split, never the install.
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
            Fingerprint installed = dataStores.of(Environments.PRODUCTION).fingerprintLike(archived);
            Map<String, byte[]> files = new HashMap<>();
            Optional<Path> folder = environments.dataFolderIfDirectory(Environments.PRODUCTION);
            if (folder.isPresent()) {
                files = changedCsvFiles(folder.get(), archived, installed);
            }
            dataArchives.recordAfterInstall(dataArchiveId, installed, files);
        } catch (Exception e) {
            LOG.warn("Production's data after the install was not recorded beside {}: the rollback assessment will not"
                    + " tell what the migration changed from what was entered since", dataArchiveId, e);
        }
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
