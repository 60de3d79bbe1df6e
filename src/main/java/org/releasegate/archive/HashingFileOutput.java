package org.releasegate.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The end of the packing pipeline: writes the compressed bytes to a new file, hashing and counting them on the
 * way, and forces the file to disk on close. Write failures name the file ("No space left on device" alone does
 * not say which write failed).
 */
final class HashingFileOutput extends OutputStream {

    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256 = Sha256.newDigest();
    private long size;
    private boolean closed;

    private HashingFileOutput(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static HashingFileOutput create(Path file) throws IOException {
        return new HashingFileOutput(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("archive file " + file + " is already closed");
        }
        sha256.update(bytes, offset, length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw failure(e);
        }
        size += length;
    }

    /** Forces the file to disk: once closed without error, its bytes are those hashed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Gives the file up after a failure; the caller deletes it. */
    void abort() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted with its attempt folder
        }
    }

    long size() {
        return size;
    }

    /** The digest of every byte written; call once, after {@link #close()}. */
    String sha256() {
        return Sha256.hex(sha256);
    }

    private IOException failure(IOException e) {
        return new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
}
