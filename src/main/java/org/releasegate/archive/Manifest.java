package org.releasegate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.releasegate.data.FileDigest;

/**
 * The JSON form of {@code manifest.json}. Times are ISO-8601 strings so the file reads the same whatever
 * modules the given ObjectMapper has.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Manifest(String id, ArchiveKind kind, String version, String source, String createdAt,
                List<FileDigest> files, String treeSha256, String tool, String toolVersion) {

    static final String FILE_NAME = "manifest.json";
    static final String TOOL = "release-gate";

    static Manifest of(String id, ArchiveKind kind, String version, String source, Instant createdAt,
                       List<FileDigest> files, String treeSha256) {
        String toolVersion = Manifest.class.getPackage().getImplementationVersion();
        return new Manifest(id, kind, version, source, createdAt.toString(), files, treeSha256, TOOL,
                toolVersion == null ? "dev" : toolVersion);
    }

    Archive toArchive(Path folder) {
        return new Archive(id, kind, version, source, Instant.parse(createdAt), folder, files, treeSha256);
    }
}
