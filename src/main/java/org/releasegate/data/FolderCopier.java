package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.files.Parallel;
import org.releasegate.files.UnsupportedFileTypeException;
import org.releasegate.message.Messages;

/**
 * The {@code directory} data store: a file-based database is a folder, copied file by file into a hidden
 * staging sibling of the target, verified, forced to disk and swapped in by rename. The source is only read.
 * Forcing to disk happens when the staged copy is published, so that changes made to it before (a data
 * migration) are made durable too.
 */
public class FolderCopier {

    private static final System.Logger LOG = System.getLogger(FolderCopier.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final AfterFileCopied afterFileCopied;

    public FolderCopier() {
        this(source -> {
        });
    }

    /** Lets tests act on a source file right after it was copied (to simulate a writer racing the copy). */
    FolderCopier(AfterFileCopied afterFileCopied) {
        this.afterFileCopied = afterFileCopied;
    }

    /**
     * Replaces {@code target} with a verified copy of {@code source}; on any failure the target is left as it
     * was.
     *
     * @throws UnsupportedFileTypeException  when the source holds a symbolic link or a special file
     * @throws DataCopyVerificationException when the copy differs from the source, typically because the source
     *                                       was modified during the copy
     */
    public CopyReport copy(Path source, Path target) throws IOException {
        try (StagedCopy staged = stage(source, target)) {
            staged.publish();
            return staged.report();
        }
    }

    /**
     * Copies {@code source} into a staging sibling of {@code target} and verifies it, leaving the target
     * untouched until {@link StagedCopy#publish()}. {@code source} may be {@code target} itself, to change a
     * copy of a folder and swap it in only if the change succeeds (and only if the folder did not change meanwhile).
     *
     * @throws UnsupportedFileTypeException  when the source holds a symbolic link or a special file
     * @throws DataCopyVerificationException when the staged copy differs from the source
     */
    public StagedCopy stage(Path source, Path target) throws IOException {
        Path absoluteTarget = target.toAbsolutePath().normalize();
        // First, so that a source which is the target itself is whole again before it is read.
        FolderSwap.recoverLeftovers(absoluteTarget);
        if (Files.isSymbolicLink(absoluteTarget)) {
            // The swap would replace the link, not the folder it names: configure the real folder instead.
            throw new IOException("copy target " + absoluteTarget + " is a symbolic link; name the real folder");
        }
        // A link naming the source folder itself is followed; links inside it are refused while copying.
        Path realSource = source.toRealPath();
        FileTrees.requireDirectory(realSource);
        Files.createDirectories(absoluteTarget.getParent());
        Path realTarget = absoluteTarget.getParent().toRealPath().resolve(absoluteTarget.getFileName());
        refuseOverlap(realSource, realTarget);

        Path staging = FolderSwap.newStaging(absoluteTarget);
        try {
            SourceTree tree = SourceTree.of(realSource);
            List<FileDigest> copied = tree.copyTo(staging, afterFileCopied);
            requireSourceUnchangedSince(realSource, tree.states());
            requireStagedAsCopied(staging, copied);
            return new StagedCopy(staging, absoluteTarget, CopyReport.of(copied), realSource.equals(realTarget));
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(staging, e);
            throw e;
        }
    }

    /**
     * Stages a folder arriving as a {@link FolderStream} (from another machine) beside {@code target}, each file checked
     * against the digest its source sent as it arrives; the target is untouched until {@link StagedCopy#publish()}.
     * A stream that fails or ends early leaves nothing behind.
     *
     * @throws TransferCorruptedException    when the stream does not hold what its source sent
     * @throws DataCopyVerificationException when the source saw a file change while it sent it
     */
    public StagedCopy stageStream(InputStream stream, Path target) throws IOException {
        Path absoluteTarget = target.toAbsolutePath().normalize();
        FolderSwap.recoverLeftovers(absoluteTarget);
        if (Files.isSymbolicLink(absoluteTarget)) {
            throw new IOException("copy target " + absoluteTarget + " is a symbolic link; name the real folder");
        }
        Files.createDirectories(absoluteTarget.getParent());
        Path staging = FolderSwap.newStaging(absoluteTarget);
        try {
            List<FileDigest> received = FolderStream.receive(stream, staging);
            requireStagedAsCopied(staging, received);
            return new StagedCopy(staging, absoluteTarget, CopyReport.of(received), false, true);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TransferCorruptedException corrupted) {
                corrupted.detail().ifPresent(detail -> LOG.log(System.Logger.Level.WARNING, "the folder stream for "
                        + absoluteTarget + " was refused: " + detail));
            }
            FileTrees.deleteAfterFailure(staging, e);
            throw e;
        }
    }

    /** Per-file digests of a folder, sorted by path; see {@link FolderDigest#treeSha256(List)} for the tree. */
    public List<FileDigest> digest(Path folder) throws IOException {
        return FolderDigest.of(folder);
    }

    private static void refuseOverlap(Path source, Path target) {
        if (!source.equals(target) && (target.startsWith(source) || source.startsWith(target))) {
            throw new IllegalArgumentException("copy source " + source + " and target " + target + " overlap");
        }
    }

    /**
     * Hashing while copying reads each source byte once; the price is that a writer changing a file behind the
     * copy is caught by its size and modification time rather than by a second hash.
     */
    private static void requireSourceUnchangedSince(Path source, Map<String, FileState> seen) throws IOException {
        Map<String, FileState> now = new HashMap<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                now.put(FileTrees.relativePath(source, file), FileState.of(attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        for (Map.Entry<String, FileState> before : seen.entrySet()) {
            FileState after = now.get(before.getKey());
            if (after == null) {
                throw new DataCopyVerificationException(Messages.text("data.copy.file-disappeared", before.getKey()),
                        "source file " + source.resolve(before.getKey()) + " disappeared during the copy");
            }
            if (!after.equals(before.getValue())) {
                throw changedDuringCopy(source, before.getKey());
            }
        }
        for (String path : now.keySet()) {
            if (!seen.containsKey(path)) {
                throw new DataCopyVerificationException(Messages.text("data.copy.file-appeared", path),
                        "source file " + source.resolve(path) + " appeared during the copy");
            }
        }
    }

    /**
     * The staged folder holds exactly the files copied, at their sizes. Their content is not hashed again: reading
     * pages just written gives back the page cache, not the disk, so it would only check the write loop, whose every
     * byte the in-flight hash already counted.
     */
    private static void requireStagedAsCopied(Path staging, List<FileDigest> copied) throws IOException {
        Map<String, Long> staged = new HashMap<>();
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                staged.put(FileTrees.relativePath(staging, file), attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        for (FileDigest source : copied) {
            Long size = staged.remove(source.path());
            if (size == null) {
                throw new DataCopyVerificationException(Messages.text("data.copy.staged-differs"),
                        "staged copy " + staging + " lacks " + source.path());
            }
            if (size != source.size()) {
                throw new DataCopyVerificationException(Messages.text("data.copy.staged-differs"), "staged copy of "
                        + source.path() + " in " + staging + " has " + size + " bytes, the source " + source.size());
            }
        }
        if (!staged.isEmpty()) {
            throw new DataCopyVerificationException(Messages.text("data.copy.staged-differs"),
                    "staged copy " + staging + " has files the source has not: " + staged.keySet());
        }
    }

    /** @param path the file relative to the data folder: people know it so, the server's log gets its place */
    private static DataCopyVerificationException changedDuringCopy(Path source, String path) {
        return new DataCopyVerificationException(Messages.text("data.copy.file-changed", path),
                "source file " + source.resolve(path) + " was modified during the copy;"
                + " copy again once nothing writes to the source");
    }

    private static void copyAttributes(Path from, Path to, BasicFileAttributes attrs) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        }
        Files.setLastModifiedTime(to, attrs.lastModifiedTime());
    }

    @FunctionalInterface
    interface AfterFileCopied {
        void copied(Path sourceFile) throws IOException;
    }

    private record FileState(long size, FileTime lastModified) {
        static FileState of(BasicFileAttributes attrs) {
            return new FileState(attrs.size(), attrs.lastModifiedTime());
        }
    }

    /** A file to copy, with its attributes when the tree was walked. */
    private record SourceFile(Path file, String relative, BasicFileAttributes attrs) {
    }

    /**
     * A source folder walked once: its directories (parents first) and files. Files are copied on one thread per
     * core, largest first so that the big tables do not end the copy alone; each thread hashes its files as they
     * stream through its own buffer.
     */
    private record SourceTree(Path root, List<Path> directories, List<SourceFile> files) {

        /** @throws UnsupportedFileTypeException when the tree holds a symbolic link or a special file */
        static SourceTree of(Path root) throws IOException {
            List<Path> directories = new ArrayList<>();
            List<SourceFile> files = new ArrayList<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    FileTrees.requireFileOrDirectory(dir, attrs);
                    directories.add(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    FileTrees.requireFileOrDirectory(file, attrs);
                    files.add(new SourceFile(file, FileTrees.relativePath(root, file), attrs));
                    return FileVisitResult.CONTINUE;
                }
            });
            files.sort(Comparator.comparingLong((SourceFile file) -> file.attrs().size()).reversed());
            return new SourceTree(root, directories, files);
        }

        Map<String, FileState> states() {
            Map<String, FileState> states = new HashMap<>();
            files.forEach(file -> states.put(file.relative(), FileState.of(file.attrs())));
            return states;
        }

        /** Copies the tree into {@code staging} (which must not exist); returns the files' digests, sorted by path. */
        List<FileDigest> copyTo(Path staging, AfterFileCopied afterFileCopied) throws IOException {
            for (Path dir : directories) {
                Files.createDirectory(copyOf(staging, dir));
            }
            List<FileDigest> digests = Collections.synchronizedList(new ArrayList<>());
            Parallel.forEach(files, FolderDigest.THREADS, "release-gate-copy", () -> {
                // Direct: the bytes go from the source's pages to the copy's without passing through the Java heap.
                ByteBuffer buffer = ByteBuffer.allocateDirect(FolderDigest.BUFFER_SIZE);
                MessageDigest sha256 = FolderDigest.newSha256();
                return file -> {
                    Path copy = copyOf(staging, file.file());
                    FileDigest digest = copyFile(file, copy, buffer, sha256);
                    FileState after = FileState.of(Files.readAttributes(file.file(), BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS));
                    if (digest.size() != file.attrs().size() || !after.equals(FileState.of(file.attrs()))) {
                        throw changedDuringCopy(root, file.relative());
                    }
                    copyAttributes(file.file(), copy, file.attrs());
                    digests.add(digest);
                    afterFileCopied.copied(file.file());
                };
            });
            // Children first, because adding entries changed each copy's modification time.
            for (int i = directories.size() - 1; i >= 0; i--) {
                Path dir = directories.get(i);
                copyAttributes(dir, copyOf(staging, dir), Files.readAttributes(dir, BasicFileAttributes.class));
            }
            List<FileDigest> sorted = new ArrayList<>(digests);
            sorted.sort(Comparator.comparing(FileDigest::path));
            return List.copyOf(sorted);
        }

        private Path copyOf(Path staging, Path path) {
            return staging.resolve(root.relativize(path).toString());
        }

        private static FileDigest copyFile(SourceFile file, Path to, ByteBuffer buffer, MessageDigest sha256)
                throws IOException {
            long total = 0;
            try (FileChannel in = FileChannel.open(file.file(), StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                buffer.clear();
                while (in.read(buffer) != -1) {
                    buffer.flip();
                    sha256.update(buffer);
                    buffer.rewind();
                    total += buffer.limit();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // A bare "No space left on device" does not say which copy failed.
                throw new IOException("cannot copy " + file.file() + " to " + to + ": " + e.getMessage(), e);
            }
            return new FileDigest(file.relative(), total, FolderDigest.hex(sha256.digest()));
        }
    }
}
