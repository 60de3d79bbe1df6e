package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.releasegate.message.Messages;

/**
 * A folder watched for writes: every file's metadata read when the watch begins and again at its end, no content
 * read. A file added, removed, resized, touched — or, where the platform tells, whose status changed (change time,
 * which no program can set back) or that was replaced (inode) — is a write. The span proved is the time between the
 * end of the first walk and the start of the last, so every file was seen unchanged over at least that.
 * <p>
 * A watch begun over work that runs meanwhile (the window's archive) also asks Linux's {@code /proc} ({@link OpenWriters})
 * which processes hold the folder's files open for writing, while the work runs (on a thread of its own, so that it
 * costs the window little: the archive waits on the disk meanwhile): a writer still running is caught even if it
 * writes nothing while watched. The timed part is kept as it is:
 * a program that opens, writes and closes a file now and then holds nothing open between its writes, and only a
 * watch at least as long as its period sees it ({@code settle}).
 */
final class FolderWatch implements WriteWatch {

    private final Path folder;
    private final FolderSnapshot first;
    private final Map<String, FileState> before;
    private final long begun;
    /** The scan of the processes' open files, running while the work does; null when there is no /proc. */
    private final FutureTask<Boolean> openWriters;

    private FolderWatch(Path folder, FolderSnapshot first, Map<String, FileState> before, long begun,
                        FutureTask<Boolean> openWriters) {
        this.folder = folder;
        this.first = first;
        this.before = before;
        this.begun = begun;
        this.openWriters = openWriters;
    }

    /** Begins a timed watch: the first walk; its end waits for what remains of {@code settle}. */
    static FolderWatch begin(Path folder) throws IOException {
        FolderSnapshot first = FolderSnapshot.walk(folder);
        return new FolderWatch(folder, first, fileStates(first), System.nanoTime(), null);
    }

    /**
     * Begins a watch over work that runs meanwhile: the first walk, then, where there is a {@code /proc}, the scan of
     * the processes holding the folder's files open for writing, on a thread of its own.
     */
    static FolderWatch beginOverWork(Path folder) throws IOException {
        FolderSnapshot first = FolderSnapshot.walk(folder);
        long begun = System.nanoTime();
        Map<String, FileState> states = fileStates(first);
        Optional<OpenWriters> writers = OpenWriters.of(folder);
        FutureTask<Boolean> scan = null;
        if (writers.isPresent()) {
            scan = new FutureTask<>(() -> requireNoOpenWriter(writers.get(), states));
            Thread scanner = new Thread(scan, "release-gate-open-writers");
            scanner.setDaemon(true);
            scanner.start();
        }
        return new FolderWatch(folder, first, states, begun, scan);
    }

    /**
     * Throws when a process holds a file open for writing; otherwise whether the scan saw every process that could
     * (only then may the report say that none does).
     */
    private static boolean requireNoOpenWriter(OpenWriters writers, Map<String, FileState> states)
            throws IOException {
        // A file added since is found by its path; one written since, by the last walk.
        Map<OpenWriters.FileKey, String> files = new HashMap<>();
        states.forEach((name, state) -> {
            if (state.device() != null && state.inode() != null) {
                files.put(new OpenWriters.FileKey((Long) state.device(), (Long) state.inode()), name);
            }
        });
        OpenWriters.Scan scan = writers.scan(files);
        List<String> found = scan.writers();
        if (!found.isEmpty()) {
            throw new StillInUseException(Messages.text("data.quiesce.open-for-writing", String.join(", ",
                    found.subList(0, Math.min(found.size(), 5))) + (found.size() > 5
                    ? Messages.text("data.quiesce.other-processes", found.size() - 5) : "")));
        }
        return scan.complete();
    }

    @Override
    public boolean walksEveryEntry() {
        return true;
    }

    @Override
    public Optional<FolderSnapshot> firstWalk() {
        return Optional.of(first);
    }

    @Override
    public Optional<String> requireQuietFor(Duration settle) throws IOException {
        Duration watched = Duration.ofNanos(System.nanoTime() - begun);
        if (watched.compareTo(settle) < 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(settle.minus(watched).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while watching " + folder + " for writes");
            }
            watched = settle;
        }
        Map<String, FileState> after = fileStates(FolderSnapshot.walk(folder));
        requireUnchanged(after, watched);
        if (openWriters != null && openWritersScanned()) {
            return Optional.of(Messages.text("data.quiesce.quiet-and-no-writer", tenths(watched)));
        }
        return Optional.of(Messages.text("data.quiesce.quiet", tenths(watched)));
    }

    /** The scan's end: throws what it found; whether it saw every process that could write. */
    private boolean openWritersScanned() throws IOException {
        try {
            return openWriters.get();
        } catch (InterruptedException e) {
            openWriters.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the open files of " + folder + " were listed");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Tenths, rounded down: the span claimed is never longer than the one watched. */
    private static String tenths(Duration watched) {
        return DirectoryStore.seconds(Duration.ofMillis(watched.toMillis() / 100 * 100));
    }

    private void requireUnchanged(Map<String, FileState> after, Duration watched) throws StillInUseException {
        String span = tenths(watched);
        TreeSet<String> changed = new TreeSet<>();
        before.forEach((name, state) -> {
            if (!state.equals(after.get(name))) {
                changed.add(name);
            }
        });
        after.keySet().stream().filter(name -> !before.containsKey(name)).forEach(changed::add);
        if (!changed.isEmpty()) {
            throw new StillInUseException(Messages.text("data.quiesce.still-written", span, changed.stream().limit(10)
                    .map(name -> Messages.text("data.quiesce.file", name)).collect(Collectors.joining(", "))
                    + (changed.size() > 10 ? Messages.text("data.change.others", changed.size() - 10) : "")));
        }
    }

    /** Each entry's metadata, by its path relative to the folder: one stat each ({@link FolderSnapshot}). */
    private static Map<String, FileState> fileStates(FolderSnapshot snapshot) {
        Map<String, FileState> states = new TreeMap<>();
        snapshot.entries().forEach((name, entry) -> states.put(name, FileState.of(entry)));
        return states;
    }

    /** @param changed change time, inode and device, where the platform has them (null otherwise) */
    private record FileState(long size, Object modified, Object changed, Object inode, Object device) {

        /** A directory: only whether it is there (what it holds is walked; its times change with its entries). */
        static final FileState DIRECTORY = new FileState(-1, null, null, null, null);

        static FileState of(FolderSnapshot.Entry entry) {
            return entry.kind() == FolderSnapshot.Kind.DIRECTORY ? DIRECTORY : new FileState(entry.size(),
                    entry.modified(), entry.changed(), entry.inode(), entry.device());
        }
    }
}
