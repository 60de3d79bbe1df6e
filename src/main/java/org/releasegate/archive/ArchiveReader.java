package org.releasegate.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.releasegate.files.FileDigest;

/**
 * Reads {@code content.tar.zst} back, member by member, checking each against the manifest: its name and type
 * (plain files and directories only, no absolute path, no "..", no link), its size and its SHA-256. Either only
 * checks (a deep verify) or also writes each member under a target folder while hashing it (an extraction); the
 * caller deletes what was written when this throws.
 */
final class ArchiveReader {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final String archiveId;
    private final Path archiveFile;
    private final Manifest manifest;
    private final Path target;
    /** Whether a member replaces a file already in the target (a delta written over its base). */
    private final boolean replace;
    private final byte[] buffer = new byte[ArchiveWriter.BUFFER_SIZE];

    private record DirectoryToFinish(Path path, FileTime modified, int mode) {
    }

    private ArchiveReader(String archiveId, Path archiveFile, Manifest manifest, Path target, boolean replace) {
        this.archiveId = archiveId;
        this.archiveFile = archiveFile;
        this.manifest = manifest;
        this.target = target;
        this.replace = replace;
    }

    /** Decompresses and re-hashes every member; writes nothing. */
    static void check(String archiveId, Path archiveFile, Manifest manifest) throws IOException {
        new ArchiveReader(archiveId, archiveFile, manifest, null, false).read();
    }

    /** Writes every member under {@code target}, an existing empty folder, checking each as it is written. */
    static void extract(String archiveId, Path archiveFile, Manifest manifest, Path target) throws IOException {
        new ArchiveReader(archiveId, archiveFile, manifest, target, false).read();
    }

    /**
     * Writes every member under {@code target}, which already holds a delta's base: a member replaces the file of the
     * same name, directories are created where missing; each member is checked as it is written.
     */
    static void overlay(String archiveId, Path archiveFile, Manifest manifest, Path target) throws IOException {
        new ArchiveReader(archiveId, archiveFile, manifest, target, true).read();
    }

    /**
     * The bytes of one member, checked against the manifest's size and SHA-256; the archive is decompressed only up
     * to that member.
     */
    static byte[] member(String archiveId, Path archiveFile, Manifest manifest, FileDigest expected)
            throws IOException {
        ArchiveReader reader = new ArchiveReader(archiveId, archiveFile, manifest, null, false);
        try (InputStream file = Files.newInputStream(archiveFile);
             InputStream decompressed = new ZstdInputStreamNoFinalizer(file);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = reader.next(tar); entry != null; entry = reader.next(tar)) {
                if (!entry.isDirectory() && reader.checkedName(entry).equals(expected.path())) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) expected.size());
                    reader.readFile(tar, expected, bytes::write);
                    return bytes.toByteArray();
                }
            }
        }
        throw reader.corrupted("file " + expected.path() + " is missing from " + ArchiveStore.CONTENT_FILE);
    }

    /** Where a member's bytes go as they are read and hashed. */
    @FunctionalInterface
    private interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private void read() throws IOException {
        Map<String, FileDigest> expectedFiles = new HashMap<>();
        manifest.files().forEach(file -> expectedFiles.put(file.path(), file));
        Set<String> expectedDirectories = new HashSet<>(manifest.directories());
        Set<String> seen = new HashSet<>();
        List<DirectoryToFinish> directories = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archiveFile);
             InputStream decompressed = new ReadAheadInputStream(new ZstdInputStreamNoFinalizer(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
                String name = checkedName(entry);
                if (!seen.add(name)) {
                    throw corrupted("entry '" + name + "' appears twice");
                }
                if (entry.isDirectory()) {
                    if (!expectedDirectories.remove(name)) {
                        throw corrupted("directory " + name + " is not in the manifest");
                    }
                    if (target != null) {
                        Path dir = Files.createDirectories(target.resolve(name));
                        directories.add(new DirectoryToFinish(dir, entry.getLastModifiedTime(), entry.getMode()));
                    }
                    continue;
                }
                FileDigest expected = expectedFiles.remove(name);
                if (expected == null) {
                    throw corrupted("file " + name + " is not in the manifest");
                }
                if (entry.getSize() != expected.size()) {
                    throw corrupted("file " + name + " has " + entry.getSize() + " bytes in " + ArchiveStore.CONTENT_FILE
                            + ", the manifest says " + expected.size());
                }
                readFile(tar, entry, expected);
            }
        }
        if (!expectedFiles.isEmpty()) {
            throw corrupted("file " + expectedFiles.keySet().stream().sorted().findFirst().orElseThrow()
                    + " is missing from " + ArchiveStore.CONTENT_FILE);
        }
        if (!expectedDirectories.isEmpty()) {
            throw corrupted("directory " + expectedDirectories.stream().sorted().findFirst().orElseThrow()
                    + " is missing from " + ArchiveStore.CONTENT_FILE);
        }
        // Deepest first, and after their files: writing into a directory changes its modification time.
        directories.sort(Comparator.comparing((DirectoryToFinish dir) -> dir.path().getNameCount()).reversed());
        for (DirectoryToFinish dir : directories) {
            applyModeAndTime(dir.path(), dir.mode(), dir.modified());
        }
    }

    private void readFile(TarArchiveInputStream tar, TarArchiveEntry entry, FileDigest expected) throws IOException {
        if (target == null) {
            readFile(tar, expected, (bytes, offset, length) -> {
            });
            return;
        }
        Path out = target.resolve(expected.path());
        Files.createDirectories(out.getParent());
        if (replace) {
            Files.deleteIfExists(out);
        }
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            readFile(tar, expected, (bytes, offset, length) -> write(channel, out, length));
        }
        applyModeAndTime(out, entry.getMode(), entry.getLastModifiedTime());
    }

    /** Streams one member into {@code sink}, then checks its size and SHA-256 against the manifest. */
    private void readFile(TarArchiveInputStream tar, FileDigest expected, Sink sink) throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        long total = 0;
        for (int read = read(tar); read != -1; read = read(tar)) {
            sha256.update(buffer, 0, read);
            total += read;
            sink.write(buffer, 0, read);
        }
        if (total != expected.size()) {
            throw corrupted("file " + expected.path() + " has " + total + " bytes, the manifest says " + expected.size());
        }
        String actual = Sha256.hex(sha256);
        if (!actual.equals(expected.sha256())) {
            throw corrupted("file " + expected.path() + " has sha256 " + actual + ", the manifest says "
                    + expected.sha256());
        }
    }

    private void write(FileChannel channel, Path out, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Only plain files and directories, with names that stay inside the target. */
    private String checkedName(TarArchiveEntry entry) {
        String raw = entry.getName();
        byte type = entry.getLinkFlag();
        boolean directory = type == TarConstants.LF_DIR;
        if (!directory && type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM) {
            String what = entry.isSymbolicLink() || entry.isLink() ? "a link (to " + entry.getLinkName() + ")"
                    : "not a plain file or directory (tar type '" + (char) type + "')";
            throw corrupted("entry '" + raw + "' is " + what + "; links and special files are refused");
        }
        if (entry.isSparse()) {
            throw corrupted("entry '" + raw + "' is a sparse file; refused");
        }
        String name = directory && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        MemberNames.problem(name).ifPresent(problem -> {
            throw corrupted("entry " + problem);
        });
        return name;
    }

    private TarArchiveEntry next(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private int read(TarArchiveInputStream tar) {
        try {
            return tar.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static void applyModeAndTime(Path path, int mode, FileTime modified) throws IOException {
        if (POSIX) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission permission : PosixFilePermission.values()) {
                if ((mode & (0400 >> permission.ordinal())) != 0) {
                    permissions.add(permission);
                }
            }
            Files.setPosixFilePermissions(path, permissions);
        }
        Files.setLastModifiedTime(path, modified);
    }

    /** Reading the archive fails although its SHA-256 was checked, or a deep verify meets damaged data. */
    private ArchiveCorruptedException unreadable(IOException e) {
        return ArchiveCorruptedException.of(archiveId, ArchiveStore.CONTENT_FILE + " cannot be read: " + e.getMessage(),
                e);
    }

    private ArchiveCorruptedException corrupted(String problem) {
        return ArchiveCorruptedException.of(archiveId, problem);
    }
}
