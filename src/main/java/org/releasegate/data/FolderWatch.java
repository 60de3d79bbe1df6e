package org.releasegate.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;

/**
 * A folder watched for writes: every file's metadata read when the watch begins and again at its end, no content
 * read. A file added, removed, resized, touched — or, where the platform tells, whose status changed (change time,
 * which no program can set back) or that was replaced (inode) — is a write. The span proved is the time between the
 * end of the first walk and the start of the last, so every file was seen unchanged over at least that.
 */
final class FolderWatch implements WriteWatch {

    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private final Path folder;
    private final Map<String, FileState> before;
    private final long begun;

    private FolderWatch(Path folder, Map<String, FileState> before, long begun) {
        this.folder = folder;
        this.before = before;
        this.begun = begun;
    }

    /** Begins the watch: the first walk. */
    static FolderWatch begin(Path folder) throws IOException {
        Map<String, FileState> states = fileStates(folder);
        return new FolderWatch(folder, states, System.nanoTime());
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
        // Tenths, rounded down: the span claimed is never longer than the one watched.
        String span = DirectoryStore.seconds(Duration.ofMillis(watched.toMillis() / 100 * 100));
        Map<String, FileState> after = fileStates(folder);
        TreeSet<String> changed = new TreeSet<>();
        before.forEach((name, state) -> {
            if (!state.equals(after.get(name))) {
                changed.add(name);
            }
        });
        after.keySet().stream().filter(name -> !before.containsKey(name)).forEach(changed::add);
        if (!changed.isEmpty()) {
            throw new StillInUseException(Messages.text("data.quiesce.still-written", span, changed.stream().limit(10)
                    .map(name -> "« " + name + " »").collect(Collectors.joining(", "))
                    + (changed.size() > 10 ? Messages.text("data.change.others", changed.size() - 10) : "")));
        }
        return Optional.of(Messages.text("data.quiesce.quiet", span));
    }

    /** Each file's metadata, by its path relative to the folder. */
    private static Map<String, FileState> fileStates(Path folder) throws IOException {
        Map<String, FileState> states = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                try {
                    FileState state = FileState.of(path);
                    if (state != null) {
                        states.put(FileTrees.relativePath(folder, path), state);
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // Absent from this walk: a change if the other walk saw it.
                }
            }
        }
        return states;
    }

    /** @param changed change time and inode, where the platform has them (null otherwise) */
    private record FileState(long size, Object modified, Object changed, Object inode) {

        /** Null for a directory: what it holds is walked. */
        static FileState of(Path path) throws IOException {
            if (UNIX) {
                Map<String, Object> attrs = Files.readAttributes(path,
                        "unix:isDirectory,size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
                return Boolean.TRUE.equals(attrs.get("isDirectory")) ? null : new FileState((Long) attrs.get("size"),
                        attrs.get("lastModifiedTime"), attrs.get("ctime"), attrs.get("ino"));
            }
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attrs.isDirectory() ? null : new FileState(attrs.size(), attrs.lastModifiedTime(), null, null);
        }
    }
}
