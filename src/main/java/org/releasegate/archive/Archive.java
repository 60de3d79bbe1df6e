package org.releasegate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.releasegate.data.FileDigest;

/**
 * A published archive, as its manifest describes it.
 *
 * @param folder     {@code root/<id>}
 * @param files      every file under {@link #filesDir()}, sorted by path
 * @param treeSha256 digest of {@code files}, the one value to quote in a release report
 */
public record Archive(String id, ArchiveKind kind, String version, String source, Instant createdAt, Path folder,
                      List<FileDigest> files, String treeSha256) {

    public Archive {
        files = List.copyOf(files);
    }

    public Path filesDir() {
        return folder.resolve(ArchiveStore.FILES);
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileDigest::size).sum();
    }
}
