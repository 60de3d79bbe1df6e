package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.releasegate.message.Messages;

/**
 * Unpacks a package without ever writing outside the target folder: names are checked before they touch the
 * disk, links and special files are refused, and the bytes actually written (not the sizes the archive
 * claims) are counted against a limit that stops zip bombs. On failure the target may hold part of the
 * package; callers extract into a staging folder they discard.
 */
public class PackageExtractor {

    public static final long DEFAULT_MAX_TOTAL_BYTES = 10L << 30;

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final long maxTotalBytes;

    public PackageExtractor() {
        this(DEFAULT_MAX_TOTAL_BYTES);
    }

    public PackageExtractor(long maxTotalBytes) {
        if (maxTotalBytes <= 0) {
            throw new IllegalArgumentException("maxTotalBytes must be positive: " + maxTotalBytes);
        }
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * @return the number of bytes written
     * @throws UnsafePackageException   naming the entry that would escape, is a link or special file, or
     *                                  exceeds the size limit
     * @throws PackageRejectedException when the file is not a readable zip or tar.gz
     */
    public long extract(Path packageFile, Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        Path root = targetDir.toRealPath();
        byte[] buffer = new byte[1 << 16];
        long[] written = {0};
        PackageReader.read(packageFile, (entry, content) -> {
            String name = EntryNames.relative(entry.name());
            EntryNames.requirePlain(entry);
            switch (entry.type()) {
                case DIRECTORY -> {
                    if (!name.isEmpty()) {
                        createDirectories(root, inside(root, entry, name), entry);
                    }
                }
                case FILE -> {
                    if (name.isEmpty()) {
                        throw new UnsafePackageException(Messages.text("installation.entry.no-name", entry.name()));
                    }
                    Path file = inside(root, entry, name);
                    createDirectories(root, file.getParent(), entry);
                    written[0] = write(content, file, entry, buffer, written[0]);
                    applyMetadata(file, entry, name);
                }
                default -> throw new IllegalStateException("unexpected entry type " + entry.type());
            }
        });
        return written[0];
    }

    private static Path inside(Path root, PackageEntry entry, String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new UnsafePackageException(Messages.text("installation.entry.escapes", entry.name()));
        }
        return path;
    }

    /** Checks the real path too, so that nothing already in the target can redirect a write elsewhere. */
    private static void createDirectories(Path root, Path dir, PackageEntry entry) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafePackageException(Messages.text("installation.entry.conflict", entry.name()));
        }
        if (!dir.toRealPath().startsWith(root)) {
            throw new UnsafePackageException(Messages.text("installation.entry.escapes", entry.name()));
        }
    }

    /** @return the running total of bytes written by this extraction */
    private long write(InputStream content, Path file, PackageEntry entry, byte[] buffer, long writtenBefore)
            throws IOException {
        long total = writtenBefore;
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafePackageException(Messages.text("installation.entry.twice", entry.name()));
        }
        try (out) {
            for (int read; (read = content.read(buffer)) != -1; ) {
                total += read;
                if (total > maxTotalBytes) {
                    throw new UnsafePackageException(Messages.text("installation.entry.too-large",
                            size(maxTotalBytes), entry.name()));
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    private static void applyMetadata(Path file, PackageEntry entry, String name) throws IOException {
        if (entry.lastModified() != null) {
            Files.setLastModifiedTime(file, entry.lastModified());
        }
        if (entry.ownerExecutable() || name.endsWith(".sh")) {
            makeExecutable(file);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        if (!POSIX) {
            file.toFile().setExecutable(true, false);
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        // Execute where read is granted, like chmod +x under a usual umask.
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(file, permissions);
    }

    /** « 2048 Mo », « 64 Ko », « 900 octets »: the limit as a person reads it. */
    private static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return Messages.text("api.size.megabytes", bytes / (1024 * 1024));
        }
        return bytes >= 1024 ? Messages.text("api.size.kilobytes", bytes / 1024)
                : Messages.text("api.size.bytes", bytes);
    }
}
