package org.releasegate.data;

import java.util.List;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

/**
 * What a verified copy contains.
 *
 * @param fileCount  number of regular files
 * @param totalBytes sum of their sizes
 * @param treeSha256 {@link FolderDigest#treeSha256(List)} of {@code files}
 * @param files      per-file digests, sorted by path
 */
public record CopyReport(long fileCount, long totalBytes, String treeSha256, List<FileDigest> files) {

    public CopyReport {
        files = List.copyOf(files);
    }

    static CopyReport of(List<FileDigest> files) {
        long bytes = files.stream().mapToLong(FileDigest::size).sum();
        return new CopyReport(files.size(), bytes, FolderDigest.treeSha256(files), files);
    }
}
