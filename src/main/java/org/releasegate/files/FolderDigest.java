package org.releasegate.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 digests of files and folder trees, in the one format copies and archive manifests share. */
public final class FolderDigest {

    public static final int BUFFER_SIZE = 1 << 20;
    /** Hashing is CPU work: one thread per core. */
    public static final int THREADS = Runtime.getRuntime().availableProcessors();

    private FolderDigest() {
    }

    /**
     * Digests of every regular file under {@code folder}, sorted by relative path.
     *
     * @throws UnsupportedFileTypeException when the tree holds a symbolic link or a special file
     */
    public static List<FileDigest> of(Path folder) throws IOException {
        return of(folder, KnownDigests.NONE);
    }

    /**
     * What is known of a file's content without reading it (its digest recorded earlier, and proof that the file was
     * not written since); called from several threads at once.
     */
    @FunctionalInterface
    public interface KnownDigests {

        KnownDigests NONE = (relativePath, file) -> null;

        /** The file's digest when it is known for certain without reading the file; null: the file is hashed. */
        FileDigest of(String relativePath, Path file) throws IOException;
    }

    /**
     * Like {@link #of(Path)}, but a file whose digest {@code known} gives is not read: the same result, paying only for
     * the files {@code known} cannot vouch for.
     */
    public static List<FileDigest> of(Path folder, KnownDigests known) throws IOException {
        FileTrees.requireDirectory(folder);
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                FileTrees.requireFileOrDirectory(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                FileTrees.requireFileOrDirectory(file, attrs);
                files.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        List<FileDigest> digests = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(files, THREADS, "release-gate-digest", () -> {
            // One buffer per thread: a fresh 1 MiB per file costs more, in allocation, than small files to hash.
            byte[] buffer = new byte[BUFFER_SIZE];
            return file -> {
                String name = FileTrees.relativePath(folder, file);
                FileDigest vouched = known.of(name, file);
                if (vouched != null && !vouched.path().equals(name)) {
                    throw new IllegalStateException("a known digest of " + vouched.path() + " given for " + name);
                }
                digests.add(vouched != null ? vouched : new FileDigest(name, Files.size(file), sha256(file, buffer)));
            };
        });
        List<FileDigest> sorted = new ArrayList<>(digests);
        sorted.sort(Comparator.comparing(FileDigest::path));
        return List.copyOf(sorted);
    }

    /** SHA-256 over the lines {@code "relativePath\tsha256\n"} sorted by path: one value naming a whole tree. */
    public static String treeSha256(List<FileDigest> files) {
        MessageDigest digest = newSha256();
        files.stream()
                .sorted(Comparator.comparing(FileDigest::path))
                .forEach(file -> digest.update(
                        (file.path() + "\t" + file.sha256() + "\n").getBytes(StandardCharsets.UTF_8)));
        return hex(digest.digest());
    }

    /** Lower-case hex SHA-256 of one file's content. */
    public static String sha256(Path file) throws IOException {
        return sha256(file, new byte[BUFFER_SIZE]);
    }

    private static String sha256(Path file, byte[] buffer) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
        return hex(digest.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
