package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.Path;

import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.Snapshot;
import org.releasegate.environment.Environments;
import org.springframework.stereotype.Component;

/**
 * An environment's data in and out of the archive store, whatever its store type: a {@code directory} is streamed
 * into the archive as it is (no copy aside); a database is exported as a snapshot first. Restoring takes either form.
 */
@Component
public class DataArchives {

    /** A descriptor lists one line per table: 64 MiB is far beyond any real schema, and bounds what is read. */
    private static final int SNAPSHOT_DESCRIPTOR_LIMIT = 64 << 20;

    private final ArchiveStore archives;
    private final DataStores stores;
    private final Environments environments;

    public DataArchives(ArchiveStore archives, DataStores stores, Environments environments) {
        this.archives = archives;
        this.stores = stores;
        this.environments = environments;
    }

    /** Archives the environment's data under {@code archiveId}; a retried call returns the archive already made. */
    public Archive archive(String archiveId, String environment, String version) throws IOException {
        DataStore store = stores.of(environment);
        String source = environment + ":" + store.location();
        if ("directory".equals(store.type())) {
            return archives.createFromFolder(archiveId, ArchiveKind.PRODUCTION_DATA, version, source,
                    environments.dataFolder(environment));
        }
        return archives.create(archiveId, ArchiveKind.PRODUCTION_DATA, version, source, store::exportSnapshot);
    }

    /** Extracts a data archive into {@code emptyFolder}, checking its SHA-256 first and every member as written. */
    public Path extract(String archiveId, Path emptyFolder) throws IOException {
        archives.extractTo(archiveId, emptyFolder);
        return emptyFolder;
    }

    /**
     * What a data archive holds, without extracting it: a folder's files are listed in the manifest; a database
     * snapshot's description is the archive's first member (only that much is decompressed, and it is checked
     * against the manifest).
     */
    public Fingerprint contentOf(String archiveId) throws IOException {
        Archive archive = find(archiveId);
        if (archive.files().stream().noneMatch(file -> Snapshot.FILE_NAME.equals(file.path()))) {
            return Fingerprint.ofFiles(archive.files());
        }
        byte[] descriptor = archives.readMember(archiveId, Snapshot.FILE_NAME, SNAPSHOT_DESCRIPTOR_LIMIT);
        return Snapshot.parse(descriptor, "archive " + archiveId).fingerprint();
    }

    private Archive find(String archiveId) throws IOException {
        return archives.find(archiveId).orElseThrow(() -> new ArchiveNotFoundException("no archive " + archiveId));
    }
}
