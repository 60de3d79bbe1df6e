package org.releasegate.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

/**
 * Hand-made archives whose file matches its manifest (so the SHA-256 check passes) but whose tar entries are hostile:
 * what an attacker who can write to the archive store, or a bug, could produce.
 */
final class HostileArchive {

    record Entry(TarArchiveEntry header, byte[] content) {
    }

    private HostileArchive() {
    }

    static Entry file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry header = new TarArchiveEntry(name, true);
        header.setSize(bytes.length);
        return new Entry(header, bytes);
    }

    static Entry absoluteFile(String name, String content) {
        return file(name, content);
    }

    static Entry symlink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        header.setLinkName(target);
        return new Entry(header, new byte[0]);
    }

    static Entry hardLink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_LINK);
        header.setLinkName(target);
        return new Entry(header, new byte[0]);
    }

    /** An archive whose manifest lists no member (names such as "../x" could not be listed in a valid manifest). */
    static void write(Path root, ObjectMapper mapper, String id, Entry... entries) throws IOException {
        List<Entry> listed = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.header().isFile() && !entry.header().isSymbolicLink() && !entry.header().isLink()
                    && MemberNames.problem(entry.header().getName()).isEmpty()) {
                listed.add(entry);
            }
        }
        writeWithManifestOf(root, mapper, id, listed, entries);
    }

    static void writeWithManifestOf(Path root, ObjectMapper mapper, String id, List<Entry> listed, Entry... entries)
            throws IOException {
        Path folder = Files.createDirectories(root.resolve(id));
        Path content = folder.resolve(ArchiveStore.CONTENT_FILE);
        try (OutputStream out = Files.newOutputStream(content);
             ZstdOutputStream zstd = new ZstdOutputStream(out, 3);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                tar.putArchiveEntry(entry.header());
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
        List<FileDigest> files = new ArrayList<>();
        for (Entry entry : listed) {
            files.add(new FileDigest(entry.header().getName(), entry.content().length, sha256(entry.content())));
        }
        Manifest manifest = new Manifest(Manifest.FORMAT, id, ArchiveKind.PRODUCTION_DATA, "1", "hostile",
                "2025-01-01T00:00:00Z", new Manifest.Content(ArchiveStore.CONTENT_FILE, "zstd", 3, Files.size(content),
                FolderDigest.sha256(content)), files, List.of(), FolderDigest.treeSha256(files), Manifest.TOOL, "test", null, null, null);
        mapper.writeValue(folder.resolve(Manifest.FILE_NAME).toFile(), manifest);
    }

    private static String sha256(byte[] bytes) {
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }
}
