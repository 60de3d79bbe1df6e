package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;

/**
 * The {@code directory} store: the ERP's data folder (any file-based database), copied with {@link FolderCopier}
 * (staged sibling, verified, fsync, rename). A snapshot is the folder's copy under {@code data/}.
 */
final class DirectoryStore implements DataStore {

    static final String TYPE = "directory";
    static final String SNAPSHOT_DATA = "data";

    private final Path folder;
    private final FolderCopier files;

    DirectoryStore(Path folder, FolderCopier files) {
        this.folder = folder.toAbsolutePath().normalize();
        this.files = files;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean exportsConsistentlyWhileInUse() {
        return false;
    }

    @Override
    public String location() {
        return folder.toString();
    }

    Path folder() {
        return folder;
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return Fingerprint.ofFiles(files.digest(folder));
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        if (!(DelegatingScratchStore.unwrap(source) instanceof DirectoryStore directory)) {
            throw new IllegalArgumentException("cannot copy a " + source.type() + " store into a directory store");
        }
        StagedCopy staged = files.stage(directory.folder, folder);
        return new StagedFolder(staged, Fingerprint.ofFiles(staged.report().files()));
    }

    /**
     * Stages a copy arriving from another machine as a {@link FolderStream}; this store is untouched until publish. A
     * snapshot of another kind of store sent instead ({@link StreamedSnapshot}) is refused.
     */
    StagedData stageStream(InputStream stream) throws IOException {
        StagedCopy staged = files.stageStream(stream, folder);
        try {
            StreamedSnapshot.requireFolder(staged.dir());
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
        return new StagedFolder(staged, Fingerprint.ofFiles(staged.report().files()));
    }

    /** Sends the folder (only read) as a {@link FolderStream}. */
    Fingerprint send(OutputStream out) throws IOException {
        return FolderStream.write(folder, out);
    }

    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        Snapshot.requireEmptyFolder(emptyFolder);
        CopyReport copy = files.copy(folder, emptyFolder.resolve(SNAPSHOT_DATA));
        Snapshot snapshot = new Snapshot(Snapshot.FORMAT, TYPE, location(), Instant.now().toString(),
                Fingerprint.ofFiles(copy.files()), Map.of());
        snapshot.writeTo(emptyFolder);
        FileTrees.fsyncDirectory(emptyFolder);
        return snapshot;
    }

    /** Also restores a folder without {@link Snapshot#FILE_NAME}: archives made before snapshots hold the data itself. */
    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        Optional<Snapshot> snapshot = Snapshot.read(snapshotFolder);
        if (snapshot.isPresent() && !TYPE.equals(snapshot.get().type())) {
            throw Snapshot.otherKind(snapshotFolder, snapshot.get().type(), TYPE);
        }
        Path content = snapshot.isPresent() ? snapshotFolder.resolve(SNAPSHOT_DATA) : snapshotFolder;
        StagedCopy staged = files.stage(content, folder);
        Fingerprint restored = Fingerprint.ofFiles(staged.report().files());
        if (snapshot.isPresent() && !restored.sameContentAs(snapshot.get().fingerprint())) {
            staged.close();
            throw new SnapshotRejectedException(Messages.text("data.snapshot.differs"), "snapshot " + snapshotFolder
                    + " does not hold what it describes: " + restored.changesSince(snapshot.get().fingerprint()));
        }
        return new StagedFolder(staged, restored);
    }

    /**
     * A folder has no sessions to end: it is quiet when no file is added, removed or written during {@code settle}
     * ({@link FolderWatch}: metadata read twice, no content read).
     */
    @Override
    public String quiesce(Duration settle) throws IOException {
        return FolderWatch.begin(folder).requireQuietFor(settle).orElseThrow();
    }

    /** Nothing to close: the archive that follows watches the folder ({@link #watchForWrites}). */
    @Override
    public String quiesceWatchingLater() {
        return Messages.text("data.quiesce.watched");
    }

    @Override
    public WriteWatch watchForWrites() throws IOException {
        return FolderWatch.beginOverWork(folder);
    }

    /** Nothing was closed: the folder is the application's again as soon as it starts. */
    @Override
    public void reopen() {
    }

    static String seconds(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds)
                : String.format(Locale.FRANCE, "%.1f", seconds)) + " s";
    }

    @Override
    public ScratchStore scratch(Path scratchFolder) throws IOException {
        Files.createDirectories(scratchFolder);
        DirectoryStore store = new DirectoryStore(scratchFolder.resolve(SNAPSHOT_DATA), files);
        return new Scratch(store, scratchFolder);
    }

    @Override
    public String toString() {
        return "directory store " + folder;
    }

    private record StagedFolder(StagedCopy staged, Fingerprint fingerprint) implements StagedData {

        @Override
        public Map<String, String> scriptEnvironment() {
            return Map.of("RELEASEGATE_DATA_TYPE", TYPE, "RELEASEGATE_DATA_DIR", staged.dir().toString());
        }

        @Override
        public Connection openConnection() {
            throw new UnsupportedOperationException("a directory store is no database: use a command, not SQL");
        }

        @Override
        public void publish() throws IOException {
            staged.publish();
        }

        @Override
        public void close() throws IOException {
            staged.close();
        }
    }

    /** A directory store under a throw-away folder, deleted with it. */
    private static final class Scratch extends DelegatingScratchStore {

        private final Path scratchFolder;

        Scratch(DataStore store, Path scratchFolder) {
            super(store);
            this.scratchFolder = scratchFolder;
        }

        @Override
        public void close() throws IOException {
            FileTrees.deleteRecursively(scratchFolder);
        }
    }
}
