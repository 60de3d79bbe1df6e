package org.releasegate.installation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds zip and tar.gz packages, honest or hostile, for the tests. */
final class TestPackage {

    private record Entry(String name, byte[] content, int mode, byte linkFlag, String linkTarget) {
    }

    private final List<Entry> entries = new ArrayList<>();

    static TestPackage withDescriptor(String product, String version) {
        return new TestPackage().file("package.properties", "product=" + product + "\nversion=" + version + "\n");
    }

    static TestPackage withDescriptor(String product, String version, String migrate) {
        return new TestPackage().file("package.properties",
                "product=" + product + "\nversion=" + version + "\nmigrate=" + migrate + "\n");
    }

    TestPackage file(String name, String content) {
        return file(name, content, 0644);
    }

    TestPackage file(String name, String content, int mode) {
        entries.add(new Entry(name, content.getBytes(StandardCharsets.UTF_8), mode, TarConstants.LF_NORMAL, null));
        return this;
    }

    TestPackage directory(String name) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", new byte[0], 0755, TarConstants.LF_DIR, null));
        return this;
    }

    /** Tar only. */
    TestPackage symlink(String name, String target) {
        entries.add(new Entry(name, new byte[0], 0777, TarConstants.LF_SYMLINK, target));
        return this;
    }

    /** Tar only. */
    TestPackage hardLink(String name, String target) {
        entries.add(new Entry(name, new byte[0], 0644, TarConstants.LF_LINK, target));
        return this;
    }

    /** Tar only. */
    TestPackage fifo(String name) {
        entries.add(new Entry(name, new byte[0], 0644, TarConstants.LF_FIFO, null));
        return this;
    }

    /** With java.util.zip, which writes names exactly as given, hostile ones included. */
    Path writeZip(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Entry entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.name()));
                zip.write(entry.content());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** With commons-compress, which records unix modes. */
    Path writeZipWithUnixModes(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry entry : entries) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
                zipEntry.setUnixMode((entry.linkFlag() == TarConstants.LF_DIR ? 040000 : 0100000) | entry.mode());
                zip.putArchiveEntry(zipEntry);
                zip.write(entry.content());
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    Path writeTarGz(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                // preserveAbsolutePath: keep hostile names as they are
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.name(), entry.linkFlag(), true);
                tarEntry.setMode(entry.mode());
                if (entry.linkTarget() != null) {
                    tarEntry.setLinkName(entry.linkTarget());
                }
                if (entry.linkFlag() == TarConstants.LF_NORMAL) {
                    tarEntry.setSize(entry.content().length);
                }
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
