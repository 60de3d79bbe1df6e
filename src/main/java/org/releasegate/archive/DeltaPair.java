package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * A delta archive and its base, read as one archive. The full content is the base's files without those the delta
 * deletes or replaces, plus the delta's own; it must give the digest the delta recorded when it was made. Messages
 * about a missing or damaged base are in French: they end a restore or a drill and reach the release manager.
 */
final class DeltaPair {

    private final String deltaId;
    private final Path deltaFolder;
    private final Manifest delta;
    private final String baseId;
    private final Path baseFolder;
    private final Manifest base;
    private final List<FileDigest> fullFiles;

    private DeltaPair(String deltaId, Path deltaFolder, Manifest delta, String baseId, Path baseFolder, Manifest base,
                      List<FileDigest> fullFiles) {
        this.deltaId = deltaId;
        this.deltaFolder = deltaFolder;
        this.delta = delta;
        this.baseId = baseId;
        this.baseFolder = baseFolder;
        this.base = base;
        this.fullFiles = fullFiles;
    }

    /** Finds the delta's base and checks, from the manifests, that it is the right one and that the pair composes. */
    static DeltaPair of(ArchiveStore store, Manifest delta) throws IOException {
        String baseId = delta.delta().baseId();
        Path baseFolder = store.folderOf(baseId);
        if (!Files.isDirectory(baseFolder, LinkOption.NOFOLLOW_LINKS)) {
            throw baseProblem(baseId, delta.id(), Messages.text("archive.delta-pair.base-missing"), null);
        }
        Manifest base;
        try {
            base = store.readManifest(baseId, baseFolder);
        } catch (ArchiveCorruptedException e) {
            throw baseProblem(baseId, delta.id(), Messages.text("archive.delta-pair.base-damaged"), e);
        }
        if (base.delta() != null || !base.content().sha256().equals(delta.delta().baseArchiveSha256())
                || !base.treeSha256().equals(delta.delta().baseTreeSha256())) {
            throw baseProblem(baseId, delta.id(), Messages.text("archive.delta-pair.base-replaced"), null);
        }
        List<FileDigest> full = compose(base.files(), delta.files(), delta.delta().deletedFiles());
        if (!FolderDigest.treeSha256(full).equals(delta.delta().fullTreeSha256())) {
            throw new ArchiveCorruptedException(
                    Messages.text("archive.delta-pair.pair-differs", delta.id(), baseId));
        }
        return new DeltaPair(delta.id(), store.folderOf(delta.id()), delta, baseId, baseFolder, base, full);
    }

    /** What a delta made of {@code tree} against {@code base} records: the deletions and the full content's digest. */
    static ArchiveDelta describe(Manifest base, SourcePacker.PackedTree tree) {
        Set<String> present = new HashSet<>(tree.unchanged());
        tree.files().forEach(file -> present.add(file.path()));
        List<String> deleted = base.files().stream().map(FileDigest::path).filter(path -> !present.contains(path))
                .sorted().toList();
        Set<String> basePaths = new HashSet<>();
        base.files().forEach(file -> basePaths.add(file.path()));
        if (!basePaths.containsAll(tree.unchanged())) {
            throw new IllegalStateException("a file left out as unchanged is not in base " + base.id());
        }
        List<FileDigest> full = compose(base.files(), tree.files(), deleted);
        return new ArchiveDelta(base.id(), base.content().sha256(), base.treeSha256(), deleted,
                FolderDigest.treeSha256(full));
    }

    /** What is wrong with a manifest's delta part (or its absence), or empty. */
    static Optional<String> problem(Manifest manifest) {
        ArchiveDelta delta = manifest.delta();
        if (Manifest.DELTA_FORMAT.equals(manifest.format()) != (delta != null)) {
            return Optional.of("has format " + manifest.format() + " " + (delta == null ? "without" : "with")
                    + " a delta part");
        }
        if (manifest.stamps() != null && manifest.stamps().stream().anyMatch(stamp -> stamp == null
                || stamp.path() == null)) {
            return Optional.of("lists an incomplete file stamp");
        }
        if (delta == null) {
            return Optional.empty();
        }
        if (delta.baseId() == null || delta.deletedFiles() == null || delta.baseId().equals(manifest.id())
                || !hex(delta.baseArchiveSha256()) || !hex(delta.baseTreeSha256()) || !hex(delta.fullTreeSha256())) {
            return Optional.of("has an incomplete delta part");
        }
        Set<String> members = new HashSet<>();
        manifest.files().forEach(file -> members.add(file.path()));
        Set<String> deleted = new HashSet<>();
        for (String path : delta.deletedFiles()) {
            Optional<String> unsafe = MemberNames.problem(path);
            if (unsafe.isPresent()) {
                return Optional.of("lists an unsafe deleted file: " + unsafe.get());
            }
            if (!deleted.add(path) || members.contains(path)) {
                return Optional.of("lists " + path + " as deleted twice or also as a member");
            }
        }
        return Optional.empty();
    }

    List<FileDigest> fullFiles() {
        return fullFiles;
    }

    /** Re-hashes the base's archive file: it must be the file its manifest (and so the delta) describes. */
    void checkBaseFile() throws IOException {
        try {
            ArchiveStore.checkArchiveFile(baseId, baseFolder, base);
        } catch (ArchiveCorruptedException e) {
            throw baseProblem(baseId, deltaId, Messages.text("archive.delta-pair.base-damaged"), e);
        }
    }

    /**
     * Writes the full content into {@code target}, an empty folder: the base (every member checked as written), the
     * deletions, then the delta over it (every member checked as written); then the tree must hold exactly the full
     * content's files, at their sizes, and the delta's directories. Both archive files must have been checked.
     */
    void extract(Path target) throws IOException {
        try {
            ArchiveReader.extract(baseId, baseFolder.resolve(ArchiveStore.CONTENT_FILE), base, target);
        } catch (ArchiveCorruptedException e) {
            throw baseProblem(baseId, deltaId, Messages.text("archive.delta-pair.base-damaged"), e);
        }
        applyDelta(target);
        requireTree(target);
    }

    /**
     * Turns {@code target}, which holds the base's content, into the full content: the deletions made, the directories
     * the delta no longer has removed, the delta written over it (every member checked as written). The delta's file
     * must have been checked; what the tree then holds is for the caller to check.
     */
    void applyDelta(Path target) throws IOException {
        for (String path : delta.delta().deletedFiles()) {
            Files.delete(target.resolve(path));
        }
        Set<String> directories = new HashSet<>(delta.directories());
        for (String directory : base.directories().stream().filter(dir -> !directories.contains(dir))
                .sorted(Comparator.comparing(String::length).reversed()).toList()) {
            try {
                Files.delete(target.resolve(directory));
            } catch (DirectoryNotEmptyException e) {
                throw corrupted("directory " + directory + " is gone but still holds files of the base");
            }
        }
        ArchiveReader.overlay(deltaId, deltaFolder.resolve(ArchiveStore.CONTENT_FILE), delta, target);
    }

    String baseId() {
        return baseId;
    }

    Manifest base() {
        return base;
    }

    Manifest delta() {
        return delta;
    }

    private void requireTree(Path target) throws IOException {
        Map<String, Long> files = new HashMap<>();
        Set<String> directories = new TreeSet<>();
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(target)) {
                    directories.add(FileTrees.relativePath(target, dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                files.put(FileTrees.relativePath(target, file), attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        Map<String, Long> expected = new HashMap<>();
        fullFiles.forEach(file -> expected.put(file.path(), file.size()));
        if (!files.equals(expected) || !directories.equals(new TreeSet<>(delta.directories()))) {
            throw corrupted("base and delta extracted do not give the full content's files and directories");
        }
    }

    private static List<FileDigest> compose(List<FileDigest> base, List<FileDigest> delta, List<String> deleted) {
        Set<String> gone = new HashSet<>(deleted);
        delta.forEach(file -> gone.add(file.path()));
        List<FileDigest> full = new ArrayList<>(base.stream().filter(file -> !gone.contains(file.path())).toList());
        full.addAll(delta);
        full.sort(Comparator.comparing(FileDigest::path));
        return List.copyOf(full);
    }

    private static boolean hex(String value) {
        return value != null && Sha256.HEX.matcher(value).matches();
    }

    private ArchiveCorruptedException corrupted(String problem) {
        return ArchiveCorruptedException.of(deltaId, problem);
    }

    static ArchiveCorruptedException baseProblem(String baseId, String deltaId, String what, Exception cause) {
        return new ArchiveCorruptedException(
                Messages.text("archive.delta-pair.base-problem", baseId, deltaId, what), cause);
    }
}
