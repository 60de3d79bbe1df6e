package org.releasegate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.releasegate.files.FileDigest;

/**
 * A published archive, as its manifest describes it.
 *
 * @param folder        {@code root/<id>}, holding {@code content.tar.zst} and {@code manifest.json}
 * @param files         every member file, sorted by path
 * @param treeSha256    digest of {@code files}: the content's identity, the one value to quote in a release report
 * @param archiveSize   size of {@code content.tar.zst}
 * @param archiveSha256 SHA-256 of {@code content.tar.zst}
 * @param delta         for a delta archive, its base and what it changes; null for a full archive
 */
public record Archive(String id, ArchiveKind kind, String version, String source, Instant createdAt, Path folder,
                      List<FileDigest> files, String treeSha256, long archiveSize, String archiveSha256,
                      ArchiveDelta delta) {

    public Archive {
        files = List.copyOf(files);
    }

    /** The compressed file; read it with {@link ArchiveStore#extractTo}, or {@code tar --zstd -xf} by hand. */
    public Path archiveFile() {
        return folder.resolve(ArchiveStore.CONTENT_FILE);
    }

    /** The archive this one needs to be restored, or null when it holds its whole content. */
    public String baseId() {
        return delta == null ? null : delta.baseId();
    }

    /**
     * The digest of the whole content it restores: {@link #treeSha256()} for a full archive, the full content's (base
     * and delta read as one) for a delta.
     */
    public String contentSha256() {
        return delta == null ? treeSha256 : delta.fullTreeSha256();
    }

    /** Size of the members once extracted (of a delta: its own members only). */
    public long totalBytes() {
        return files.stream().mapToLong(FileDigest::size).sum();
    }
}
