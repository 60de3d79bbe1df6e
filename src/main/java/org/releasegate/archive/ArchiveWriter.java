package org.releasegate.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code content.tar.zst}: a POSIX tar stream, compressed by zstd (with its frame checksum), hashed and counted
 * as the compressed bytes go to disk. Callers hash the members themselves as they read them, so one pass over the
 * source yields the archive, its digest and the members' digests.
 */
final class ArchiveWriter implements Closeable {

    /** Large reads and writes: the per-call cost of a channel read or a JNI call stays negligible. */
    static final int BUFFER_SIZE = 1 << 20;

    private static final int DIRECTORY_TYPE = 0040000;
    private static final int FILE_TYPE = 0100000;

    private final HashingFileOutput output;
    private final ZstdOutputStreamNoFinalizer zstd;
    private final TarArchiveOutputStream tar;
    private boolean finished;

    /** Size and SHA-256 of the compressed file as written. */
    record Written(long size, String sha256) {
    }

    private ArchiveWriter(HashingFileOutput output, ZstdOutputStreamNoFinalizer zstd) {
        this.output = output;
        this.zstd = zstd;
        this.tar = new TarArchiveOutputStream(zstd, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    static ArchiveWriter create(Path file, Compression compression) throws IOException {
        HashingFileOutput output = HashingFileOutput.create(file);
        ZstdOutputStreamNoFinalizer zstd = null;
        try {
            zstd = new ZstdOutputStreamNoFinalizer(output, compression.level());
            zstd.setWorkers(compression.workers());
            zstd.setChecksum(true);
            return new ArchiveWriter(output, zstd);
        } catch (IOException | RuntimeException e) {
            output.abort();
            if (zstd != null) {
                closeQuietly(zstd);
            }
            throw e;
        }
    }

    void directory(String name, FileTime modified, int permissions) throws IOException {
        TarArchiveEntry entry = entry(name + "/", modified, DIRECTORY_TYPE | permissions);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** Starts a file member; write exactly {@code size} bytes with {@link #write}, then call {@link #endFile()}. */
    void beginFile(String name, long size, FileTime modified, int permissions) throws IOException {
        TarArchiveEntry entry = entry(name, modified, FILE_TYPE | permissions);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        tar.write(bytes, offset, length);
    }

    void endFile() throws IOException {
        tar.closeArchiveEntry();
    }

    /** Ends the tar stream and the zstd frame, forces the file to disk. */
    Written finish() throws IOException {
        tar.finish();
        tar.close();
        finished = true;
        return new Written(output.size(), output.sha256());
    }

    /** After a failure: releases the native compressor without writing anything more. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            output.abort();
            closeQuietly(zstd);
        }
    }

    private static TarArchiveEntry entry(String name, FileTime modified, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setModTime(modified);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }

    private static void closeQuietly(ZstdOutputStreamNoFinalizer zstd) {
        try {
            zstd.close();
        } catch (IOException ignored) {
            // the output is already given up: only the native context is being released
        }
    }
}
