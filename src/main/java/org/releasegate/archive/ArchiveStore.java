package org.releasegate.archive;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.data.FileDigest;
import org.releasegate.data.FileTrees;
import org.releasegate.data.FolderDigest;

/**
 * One folder per archive, {@code root/<id>/manifest.json} beside {@code root/<id>/files/}. An archive is
 * written under a temporary name, hashed, verified and only then renamed to its id: a folder named after an id
 * always holds a complete archive, whatever crashed while it was written.
 */
public class ArchiveStore {

    static final String FILES = "files";

    private static final System.Logger LOG = System.getLogger(ArchiveStore.class.getName());
    // Ids name folders: no separators, no leading dot (which marks temporary folders).
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    private final Path root;
    private final Clock clock;
    private final ObjectMapper mapper;

    public ArchiveStore(Path root, Clock clock, ObjectMapper mapper) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * Archives what {@code content} writes. When an archive with this id already exists and verifies, it is
     * returned unchanged, so a retried step does not archive twice.
     *
     * @throws ArchiveCorruptedException when an archive with this id exists but does not verify
     */
    public Archive create(String archiveId, ArchiveKind kind, String version, String source, ArchiveContent content)
            throws IOException {
        Path folder = folderOf(archiveId);
        Objects.requireNonNull(kind, "kind");
        Files.createDirectories(root);
        deleteDeadAttempts(archiveId);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return existing(archiveId, kind, version);
        }
        Path temporary = root.resolve(".tmp-" + archiveId + "-" + FileTrees.randomSuffix());
        try {
            Path files = temporary.resolve(FILES);
            Files.createDirectories(files);
            content.writeTo(files);
            FileTrees.fsyncRecursively(files);
            List<FileDigest> digests = FolderDigest.of(files);
            writeManifest(temporary, Manifest.of(archiveId, kind, version, source, clock.instant(), digests,
                    FolderDigest.treeSha256(digests)));
            verifyFolder(archiveId, temporary);
            FileTrees.fsyncDirectory(temporary);
            return publish(temporary, archiveId, kind, version);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(temporary, e);
            throw e;
        }
    }

    /**
     * Re-hashes every file against the manifest.
     *
     * @throws ArchiveNotFoundException  when there is no archive with this id
     * @throws ArchiveCorruptedException naming the archive and the first file found missing, extra, or with a
     *                                   wrong size or hash, or when the manifest is unreadable
     */
    public Archive verify(String archiveId) throws IOException {
        Path folder = folderOf(archiveId);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveNotFoundException("no archive " + archiveId + " in " + root);
        }
        return verifyFolder(archiveId, folder).toArchive(folder);
    }

    /**
     * The archive as its manifest describes it, without re-hashing.
     *
     * @throws ArchiveCorruptedException when it exists but its manifest is unreadable
     */
    public Optional<Archive> find(String archiveId) throws IOException {
        Path folder = folderOf(archiveId);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(readManifest(archiveId, folder).toArchive(folder));
    }

    /** Every archive whose manifest is readable, oldest first; unreadable ones are logged and left out. */
    public List<Archive> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Archive> archives = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(ArchiveStore::isArchiveFolder).toList()) {
                String id = folder.getFileName().toString();
                try {
                    archives.add(readManifest(id, folder).toArchive(folder));
                } catch (ArchiveCorruptedException e) {
                    LOG.log(Level.WARNING, "archive left out of the list: " + e.getMessage());
                }
            }
        }
        archives.sort(Comparator.comparing(Archive::createdAt).thenComparing(Archive::id));
        return archives;
    }

    /** The most recent archive of this kind and version, without re-hashing. */
    public Optional<Archive> latest(ArchiveKind kind, String version) throws IOException {
        return list().stream()
                .filter(archive -> archive.kind() == kind && Objects.equals(archive.version(), version))
                .reduce((older, newer) -> newer);
    }

    private Archive existing(String archiveId, ArchiveKind kind, String version) throws IOException {
        Archive archive = verify(archiveId);
        if (archive.kind() != kind || !Objects.equals(archive.version(), version)) {
            throw new IllegalStateException("archive id " + archiveId + " already holds " + archive.kind() + " "
                    + archive.version() + ", not " + kind + " " + version);
        }
        return archive;
    }

    private Archive publish(Path temporary, String archiveId, ArchiveKind kind, String version) throws IOException {
        Path folder = root.resolve(archiveId);
        try {
            Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                // Another attempt published first; ours is the duplicate.
                FileTrees.deleteRecursively(temporary);
                return existing(archiveId, kind, version);
            }
            throw e;
        }
        FileTrees.fsyncDirectory(root);
        return readManifest(archiveId, folder).toArchive(folder);
    }

    private void writeManifest(Path folder, Manifest manifest) throws IOException {
        Path file = folder.resolve(Manifest.FILE_NAME);
        Files.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileTrees.fsyncFile(file);
    }

    private Manifest readManifest(String archiveId, Path folder) throws IOException {
        Path file = folder.resolve(Manifest.FILE_NAME);
        Manifest manifest;
        try {
            manifest = mapper.readValue(Files.readAllBytes(file), Manifest.class);
        } catch (NoSuchFileException e) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " is missing");
        } catch (JsonProcessingException e) {
            throw new ArchiveCorruptedException("archive " + archiveId + " is corrupted: " + Manifest.FILE_NAME
                    + " is unreadable: " + e.getOriginalMessage(), e);
        }
        if (manifest == null || manifest.kind() == null || manifest.files() == null || manifest.treeSha256() == null
                || manifest.files().stream().anyMatch(f -> f == null || f.path() == null || f.sha256() == null)) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " lacks required fields");
        }
        if (!archiveId.equals(manifest.id())) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " describes archive " + manifest.id());
        }
        try {
            Instant.parse(manifest.createdAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " has an invalid createdAt " + manifest.createdAt());
        }
        return manifest;
    }

    private Manifest verifyFolder(String archiveId, Path folder) throws IOException {
        Manifest manifest = readManifest(archiveId, folder);
        if (!FolderDigest.treeSha256(manifest.files()).equals(manifest.treeSha256())) {
            throw corrupted(archiveId, Manifest.FILE_NAME + "'s treeSha256 does not match its file list");
        }
        Path filesDir = folder.resolve(FILES);
        Map<String, Long> present = sizesOf(archiveId, filesDir);
        for (FileDigest expected : manifest.files()) {
            Long size = present.remove(expected.path());
            if (size == null) {
                throw corrupted(archiveId, "file " + expected.path() + " is missing");
            }
            if (size != expected.size()) {
                throw corrupted(archiveId, "file " + expected.path() + " has " + size + " bytes, the manifest says "
                        + expected.size());
            }
        }
        if (!present.isEmpty()) {
            throw corrupted(archiveId, "file " + present.keySet().stream().sorted().findFirst().orElseThrow()
                    + " is not in the manifest");
        }
        for (FileDigest expected : manifest.files()) {
            String actual = FolderDigest.sha256(filesDir.resolve(expected.path()));
            if (!actual.equals(expected.sha256())) {
                throw corrupted(archiveId, "file " + expected.path() + " has sha256 " + actual
                        + ", the manifest says " + expected.sha256());
            }
        }
        return manifest;
    }

    /** Sizes of the files present, checked cheaply before anything is hashed. */
    private static Map<String, Long> sizesOf(String archiveId, Path filesDir) throws IOException {
        if (!Files.isDirectory(filesDir, LinkOption.NOFOLLOW_LINKS)) {
            throw corrupted(archiveId, "folder " + FILES + "/ is missing");
        }
        Map<String, Long> sizes = new HashMap<>();
        Files.walkFileTree(filesDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = FileTrees.relativePath(filesDir, file);
                if (!attrs.isRegularFile()) {
                    throw corrupted(archiveId, "file " + path + " is a link or special file");
                }
                sizes.put(path, attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        return sizes;
    }

    private static ArchiveCorruptedException corrupted(String archiveId, String problem) {
        return new ArchiveCorruptedException("archive " + archiveId + " is corrupted: " + problem);
    }

    private void deleteDeadAttempts(String archiveId) throws IOException {
        Pattern temporary = Pattern.compile("\\.tmp-" + Pattern.quote(archiveId) + "-[0-9a-f]{16}");
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> temporary.matcher(p.getFileName().toString()).matches()).toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    private Path folderOf(String archiveId) {
        if (archiveId == null || !ID.matcher(archiveId).matches()) {
            throw new IllegalArgumentException("archive id must be letters, digits, '.', '_', '+' or '-',"
                    + " starting with a letter or digit: " + archiveId);
        }
        return root.resolve(archiveId);
    }

    private static boolean isArchiveFolder(Path path) {
        return ID.matcher(path.getFileName().toString()).matches()
                && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
