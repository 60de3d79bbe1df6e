package org.releasegate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasegate.files.FileDigest;

/**
 * The JSON form of {@code manifest.json}. Times are ISO-8601 strings so the file reads the same whatever modules the
 * given ObjectMapper has.
 *
 * @param format      {@link #FORMAT}; archives of the earlier folder format have none
 * @param content     the compressed file and its own size and SHA-256, checked before anything else is read
 * @param files       every member file with its size and SHA-256, sorted by path
 * @param directories every directory, so empty ones come back on extraction too
 * @param stamps      of a folder's full archive, the metadata of each file whose stamp can be trusted (see
 *                    {@link FileStamp#settledBefore}), for later deltas; null otherwise
 * @param delta       of a delta archive, its base and deletions; null for a full archive
 * @param live        true for a folder archived while programs still wrote to it (the base of a delta taken before
 *                    the production window): only a delta taken once they stopped makes it whole; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Manifest(String format, String id, ArchiveKind kind, String version, String source, String createdAt,
                Content content, List<FileDigest> files, List<String> directories, String treeSha256, String tool,
                String toolVersion, @JsonInclude(JsonInclude.Include.NON_NULL) List<FileStamp> stamps,
                @JsonInclude(JsonInclude.Include.NON_NULL) ArchiveDelta delta,
                @JsonInclude(JsonInclude.Include.NON_NULL) Boolean live) {

    static final String FILE_NAME = "manifest.json";
    static final String FORMAT = "release-gate-archive/2";
    /** A delta's own format: a Release Gate that does not know deltas refuses it rather than restore half the data. */
    static final String DELTA_FORMAT = "release-gate-archive/2-delta";
    static final String TOOL = "release-gate";

    /** The archive file itself: {@code content.tar.zst}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Content(String file, String compression, Integer level, Long size, String sha256) {
    }

    static Manifest of(String id, ArchiveKind kind, String version, String source, Instant createdAt,
                       Compression compression, ArchiveWriter.Written written, SourcePacker.PackedTree tree,
                       String treeSha256, ArchiveDelta delta) {
        String toolVersion = Manifest.class.getPackage().getImplementationVersion();
        return new Manifest(delta == null ? FORMAT : DELTA_FORMAT, id, kind, version, source, createdAt.toString(),
                new Content(ArchiveStore.CONTENT_FILE, "zstd", compression.level(), written.size(), written.sha256()),
                tree.files(), tree.directories(), treeSha256, TOOL, toolVersion == null ? "dev" : toolVersion,
                delta == null ? tree.stamps() : null, delta, tree.live() ? Boolean.TRUE : null);
    }

    Archive toArchive(Path folder) {
        return new Archive(id, kind, version, source, Instant.parse(createdAt), folder, files, treeSha256,
                content.size(), content.sha256(), delta);
    }
}
