package org.releasegate.installation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.releasegate.message.Messages;

/**
 * Streams the entries of a {@code .zip} or {@code .tar.gz} package, the format told by its first bytes rather
 * than its name. Errors of the archive libraries are reported as a corrupt package: the file was read whole
 * when its checksum was taken, so a parse error means its content is wrong, not the disk.
 */
final class PackageReader {

    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY_ARCHIVE = {'P', 'K', 5, 6};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    // Unix file type bits as zip tools store them in the upper half of the external attributes.
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    @FunctionalInterface
    interface EntryVisitor {
        /** {@code content} holds the entry's bytes for files; reading it may throw {@link PackageRejectedException}. */
        void visit(PackageEntry entry, InputStream content) throws IOException;
    }

    private PackageReader() {
    }

    static void read(Path file, EntryVisitor visitor) throws IOException {
        byte[] head = new byte[4];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        if (startsWith(head, length, ZIP_LOCAL_HEADER) || startsWith(head, length, ZIP_EMPTY_ARCHIVE)) {
            readZip(file, visitor);
        } else if (startsWith(head, length, GZIP)) {
            readTarGz(file, visitor);
        } else {
            throw new PackageRejectedException(Messages.text("installation.package.format", file.getFileName()));
        }
    }

    private static void readZip(Path file, EntryVisitor visitor) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException e) {
            throw corrupt(file, e);
        }
        try (zip) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                PackageEntry.Type type = zipType(entry);
                InputStream content = type == PackageEntry.Type.FILE
                        ? open(zip, entry, file) : InputStream.nullInputStream();
                try (InputStream in = new CorruptionReporting(content, file)) {
                    visitor.visit(new PackageEntry(entry.getName(), type, entry.getUnixMode() & 07777,
                            entry.getLastModifiedTime()), in);
                }
            }
        }
    }

    private static InputStream open(ZipFile zip, ZipArchiveEntry entry, Path file) {
        try {
            return zip.getInputStream(entry);
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    private static PackageEntry.Type zipType(ZipArchiveEntry entry) {
        int fileType = entry.getUnixMode() & S_IFMT;
        if (entry.isUnixSymlink() || fileType == S_IFLNK) {
            return PackageEntry.Type.LINK;
        }
        if (fileType != 0 && fileType != S_IFREG && fileType != S_IFDIR) {
            return PackageEntry.Type.SPECIAL;
        }
        return entry.isDirectory() ? PackageEntry.Type.DIRECTORY : PackageEntry.Type.FILE;
    }

    private static void readTarGz(Path file, EntryVisitor visitor) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            TarArchiveInputStream tar;
            try {
                tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw));
            } catch (IOException e) {
                throw corrupt(file, e);
            }
            InputStream content = new CorruptionReporting(tar, file);
            for (TarArchiveEntry entry = nextEntry(tar, file); entry != null; entry = nextEntry(tar, file)) {
                visitor.visit(new PackageEntry(entry.getName(), tarType(entry), entry.getMode() & 07777,
                        entry.getLastModifiedTime()), content);
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path file) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    private static PackageEntry.Type tarType(TarArchiveEntry entry) {
        if (entry.isSymbolicLink() || entry.isLink()) {
            return PackageEntry.Type.LINK;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            return PackageEntry.Type.SPECIAL;
        }
        if (entry.isDirectory()) {
            return PackageEntry.Type.DIRECTORY;
        }
        return entry.isFile() ? PackageEntry.Type.FILE : PackageEntry.Type.SPECIAL;
    }

    static PackageRejectedException corrupt(Path file, IOException cause) {
        return new PackageRejectedException(Messages.text("installation.package.corrupt", file.getFileName()),
                "package " + file + " is corrupt or uses an unsupported archive feature: " + cause.getMessage(), cause);
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** Turns read errors of an entry's content into a rejection; closing does not close the archive stream. */
    private static final class CorruptionReporting extends InputStream {

        private final InputStream in;
        private final Path file;

        CorruptionReporting(InputStream in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public int read() {
            try {
                return in.read();
            } catch (IOException e) {
                throw corrupt(file, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                throw corrupt(file, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!(in instanceof TarArchiveInputStream)) {
                in.close();
            }
        }
    }
}
