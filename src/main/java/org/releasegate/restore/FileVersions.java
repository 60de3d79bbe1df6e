package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.releasegate.archive.DataArchives;
import org.releasegate.data.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content a data file had in one of the states a loss report compares, found by its SHA-256: as archived (read
 * from the archive, no extraction), as the install left it (when kept beside the archive) or as it is now in the
 * data folder. A state held by none is not known: the report then tells that change in bytes.
 */
interface FileVersions {

    /** @return the file's content when it had {@code sha256} in a known state and is small enough to compare */
    Optional<byte[]> content(String path, String sha256);

    static FileVersions none() {
        return (path, sha256) -> Optional.empty();
    }

    /**
     * @param dataFolder the live data folder, empty for a database store (whose parts are tables)
     */
    static FileVersions of(DataArchives dataArchives, String archiveId, Fingerprint archived,
                           Optional<Fingerprint> afterInstall, Optional<Path> dataFolder) {
        return new ArchivedOrCurrent(dataArchives, archiveId, archived, afterInstall, dataFolder);
    }

    /** Bounded: each archived file read decompresses the archive up to it, so only so many are read per report. */
    final class ArchivedOrCurrent implements FileVersions {

        private static final Logger LOG = LoggerFactory.getLogger(ArchivedOrCurrent.class);
        static final int MAX_ARCHIVE_READS = 20;

        private final DataArchives dataArchives;
        private final String archiveId;
        private final Fingerprint archived;
        private final Optional<Fingerprint> afterInstall;
        private final Optional<Path> dataFolder;
        private final Map<String, Optional<byte[]>> read = new HashMap<>();
        private int archiveReads;

        ArchivedOrCurrent(DataArchives dataArchives, String archiveId, Fingerprint archived,
                          Optional<Fingerprint> afterInstall, Optional<Path> dataFolder) {
            this.dataArchives = dataArchives;
            this.archiveId = archiveId;
            this.archived = archived;
            this.afterInstall = afterInstall;
            this.dataFolder = dataFolder;
        }

        @Override
        public Optional<byte[]> content(String path, String sha256) {
            return read.computeIfAbsent(path + "\t" + sha256, key -> find(path, sha256));
        }

        private Optional<byte[]> find(String path, String sha256) {
            try {
                Optional<Fingerprint.Part> inArchive = archived.part(path).filter(part -> part.sha256().equals(sha256));
                if (inArchive.isPresent()) {
                    if (inArchive.get().count() > TextChanges.MAX_BYTES || archiveReads >= MAX_ARCHIVE_READS) {
                        return Optional.empty();
                    }
                    archiveReads++;
                    return Optional.of(dataArchives.readFile(archiveId, path, TextChanges.MAX_BYTES));
                }
                if (afterInstall.flatMap(installed -> installed.part(path))
                        .filter(part -> part.sha256().equals(sha256)).isPresent()) {
                    Optional<byte[]> kept = dataArchives.fileAfterInstall(archiveId, path);
                    if (kept.isPresent() && sha256(kept.get()).equals(sha256)) {
                        return kept;
                    }
                }
                if (dataFolder.isEmpty()) {
                    return Optional.empty();
                }
                Path file = dataFolder.get().resolve(path).normalize();
                if (!file.startsWith(dataFolder.get()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || Files.size(file) > TextChanges.MAX_BYTES) {
                    return Optional.empty();
                }
                byte[] content = Files.readAllBytes(file);
                // Changed since it was fingerprinted: not the state asked for.
                return sha256(content).equals(sha256) ? Optional.of(content) : Optional.empty();
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.warn("Could not read {} ({}) for the loss report; its change is told in bytes", path, sha256, e);
                return Optional.empty();
            }
        }

        private static String sha256(byte[] content) throws GeneralSecurityException {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
    }
}
