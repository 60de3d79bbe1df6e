package org.releasegate.archive;

import java.util.List;

/**
 * What makes an archive a delta: it holds only the files that changed or appeared since its base (a full archive of
 * the same folder made earlier), every directory of the folder, and the list of files deleted since. Base and delta
 * read as one archive: {@link ArchiveStore#extractTo} gives the full content, {@link ArchiveStore#contentFiles} its
 * file list.
 *
 * @param baseId            the full archive this delta applies to
 * @param baseArchiveSha256 SHA-256 of the base's archive file: the exact base, not another one under the same id
 * @param baseTreeSha256    the base's content digest
 * @param deletedFiles      files of the base absent from the folder, sorted
 * @param fullTreeSha256    digest of the full content (base, minus deletions, plus the delta's files), in the format
 *                          of {@link Archive#treeSha256()}: the value a full archive of the folder would have had
 */
public record ArchiveDelta(String baseId, String baseArchiveSha256, String baseTreeSha256, List<String> deletedFiles,
                           String fullTreeSha256) {

    public ArchiveDelta {
        deletedFiles = deletedFiles == null ? null : List.copyOf(deletedFiles);
    }
}
