package org.releasegate.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a slow stream (decompression) on its own thread, a few buffers ahead of the reader, so that decompressing
 * and hashing or writing the members run on two cores, as {@code zstd -d | sha256sum} does. The source is owned and
 * closed by that thread; a failure there is rethrown to the reader.
 */
final class ReadAheadInputStream extends InputStream {

    private static final int BUFFERS = 4;
    private static final int BUFFER_SIZE = 1 << 19;

    private record Chunk(byte[] bytes, int length, IOException failure) {
        static final Chunk END = new Chunk(new byte[0], -1, null);
    }

    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread pump;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAheadInputStream(InputStream source) {
        for (int i = 0; i < BUFFERS; i++) {
            empty.add(new byte[BUFFER_SIZE]);
        }
        pump = new Thread(() -> pump(source), "archive-read-ahead");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream source) {
        try (source) {
            while (!closed) {
                byte[] buffer = empty.poll(100, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue;
                }
                int length = source.readNBytes(buffer, 0, buffer.length);
                if (length == 0) {
                    break;
                }
                hand(new Chunk(buffer, length, null));
            }
            hand(Chunk.END);
        } catch (IOException e) {
            hand(new Chunk(null, -1, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Whatever ends this thread must reach the reader, or it would wait forever.
            hand(new Chunk(null, -1, new IOException(e.toString(), e)));
        }
    }

    private void hand(Chunk chunk) {
        try {
            while (!closed && !filled.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                // the reader is busy: wait for room, or for close
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (!next()) {
                return -1;
            }
        }
        int count = Math.min(length, current.length() - position);
        System.arraycopy(current.bytes(), position, target, offset, count);
        position += count;
        return count;
    }

    /** Moves to the next filled buffer, giving the previous one back; false at the end of the source. */
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (current == Chunk.END) {
            return false;
        }
        if (current != null) {
            empty.add(current.bytes());
        }
        try {
            current = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        position = 0;
        if (current.failure() != null) {
            IOException failure = current.failure();
            current = Chunk.END;
            throw failure;
        }
        return current != Chunk.END;
    }

    /** Stops the reading thread (it closes the source) and waits for it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pump.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the archive");
        }
    }
}
