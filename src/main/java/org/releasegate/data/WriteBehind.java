package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes done on a thread of their own in the order they were asked, at most {@value #DEPTH} chunks of
 * {@value #CHUNK} bytes behind the thread that receives and hashes a stream: reading the network and writing the disk
 * (the files of a received folder) or the next hop's socket (a relay) overlap — a disk that throttles writes, or a
 * slow next hop, no longer stops the reads. The first failure is thrown by the next call; {@link #close()} stops the
 * writes and waits for the one under way, so that what was written can be deleted.
 */
final class WriteBehind implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    static final int DEPTH = 8;

    /** A write, or what follows the writes (attributes, a close), run on the writer's thread. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "release-gate-stage-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH);
    private final Set<FileChannel> open = ConcurrentHashMap.newKeySet();
    private volatile IOException failure;

    /**
     * @param toFiles for {@link #create} (direct buffers: a channel writes them without one more copy), else for
     *                {@link #ahead}
     */
    WriteBehind(boolean toFiles) {
        for (int i = 0; i < DEPTH; i++) {
            free.add(toFiles ? ByteBuffer.allocateDirect(CHUNK) : ByteBuffer.allocate(CHUNK));
        }
    }

    /** A new file (which must not exist), written behind. */
    OutputStream create(Path file) throws IOException {
        requireNoFailure();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        open.add(channel);
        return new Chunks() {
            @Override
            void write(ByteBuffer chunk) throws IOException {
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }

            @Override
            public void close() throws IOException {
                submitLast();
                then(() -> {
                    open.remove(channel);
                    channel.close();
                });
            }
        };
    }

    /**
     * {@code out} written behind; its {@code flush()} waits until every byte written before is in {@code out} and
     * {@code out} is flushed (a relay passing on its source's last words before it stops), its {@code close()} leaves
     * {@code out} open: {@link #drain()} once done.
     */
    OutputStream ahead(OutputStream out) {
        return new Chunks() {
            @Override
            void write(ByteBuffer chunk) throws IOException {
                out.write(chunk.array(), chunk.position(), chunk.remaining());
                chunk.position(chunk.limit());
            }

            @Override
            public void flush() throws IOException {
                submitLast();
                then(out::flush);
                drain();
            }

            @Override
            public void close() throws IOException {
                submitLast();
            }
        };
    }

    /** Bytes gathered into chunks, each written on the writer's thread. */
    private abstract class Chunks extends OutputStream {

        private ByteBuffer current;

        /** On the writer's thread. */
        abstract void write(ByteBuffer chunk) throws IOException;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (current == null) {
                    current = take();
                }
                int n = Math.min(length, current.remaining());
                current.put(bytes, offset, n);
                offset += n;
                length -= n;
                if (!current.hasRemaining()) {
                    submit();
                }
            }
        }

        void submitLast() throws IOException {
            if (current != null) {
                submit();
            }
        }

        private void submit() throws IOException {
            ByteBuffer chunk = current.flip();
            current = null;
            then(() -> {
                try {
                    write(chunk);
                } finally {
                    free.add(chunk.clear());
                }
            });
        }
    }

    /** Runs {@code task} on the writer's thread once everything asked before is done. */
    void then(Task task) throws IOException {
        requireNoFailure();
        writer.execute(() -> {
            if (failure != null) {
                return;
            }
            try {
                task.run();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            }
        });
    }

    /** Waits until everything asked is done; throws the first failure. */
    void drain() throws IOException {
        try {
            writer.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the received files were written");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        requireNoFailure();
    }

    private ByteBuffer take() throws IOException {
        try {
            ByteBuffer buffer;
            while ((buffer = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
                requireNoFailure();
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the received files were written");
        }
    }

    private void requireNoFailure() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
    }

    /** Stops: writes not started are dropped, the one under way ends, every file is closed. */
    @Override
    public void close() throws IOException {
        writer.shutdownNow();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IOException("the writes of a received folder did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the received files' writes stopped");
        } finally {
            for (FileChannel channel : open) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to write to it
                }
            }
            open.clear();
        }
    }
}
