package org.releasegate.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A folder that only this user reads, and a file written into it from a stream, hashed as it is written: the private
 * copies of the inbox's files and the packages an agent fetches from the engine node, where the bytes hashed must be
 * the bytes used.
 */
public final class PrivateFolder {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** A file written: its SHA-256 (lower-case hex) and its size in bytes. */
    public record Written(String sha256, long size) {
    }

    private PrivateFolder() {
    }

    /** Empties {@code folder} (or deletes what is there) and creates it again, readable by this user only. */
    public static void create(Path folder) throws IOException {
        FileTrees.deleteRecursively(folder);
        Files.createDirectories(folder.getParent());
        if (POSIX) {
            Files.createDirectory(folder,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(folder);
        }
    }

    /**
     * Writes {@code in} to {@code file}, which must not exist yet (nor be a link), hashing the bytes as they are
     * written; {@code progress} runs after each buffer.
     */
    public static Written write(InputStream in, Path file, Runnable progress) throws IOException {
        MessageDigest sha256 = FolderDigest.newSha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                size += read;
                progress.run();
            }
        }
        return new Written(HexFormat.of().formatHex(sha256.digest()), size);
    }
}
