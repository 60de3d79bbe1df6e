package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.releasegate.files.FileTrees;

/**
 * A store that is not a single folder — an H2 file, a PostgreSQL database, a set with {@code files} — between machines:
 * the snapshot it exports, written into a temporary folder of the sending node (deleted once sent) and sent as a
 * {@link FolderStream} holding one folder, {@value #FOLDER}; the receiving node restores it into a staging place beside
 * its store. A single folder is streamed as it is ({@code DirectoryStore}); the top folder's name tells the two apart,
 * so that a folder is never taken for a snapshot, nor a snapshot for a folder.
 */
final class StreamedSnapshot {

    static final String FOLDER = "release-gate-snapshot";

    private StreamedSnapshot() {
    }

    /**
     * Exports {@code store}'s snapshot and sends it, the readers told meanwhile that it comes
     * ({@link FolderStream#writePrepared}); the store is only read. The export is written beside the store, on the file
     * system that holds its data (a database's work folder), rather than the temporary folder, often too small for it;
     * an export a crash left there is deleted by the next one.
     *
     * @return what was sent: the snapshot's content
     */
    static Fingerprint send(DataStore store, OutputStream out) throws IOException {
        try (DumpFolder temporary = DumpFolder.create(DataStores.besideOf(store), "snapshot")) {
            Snapshot[] exported = new Snapshot[1];
            Path folder = Files.createDirectory(temporary.path());
            FolderStream.writePrepared(() -> {
                exported[0] = store.exportSnapshot(folder.resolve(FOLDER));
                return folder;
            }, out);
            return exported[0].fingerprint();
        }
    }

    /**
     * Receives a sent snapshot into {@code folder} (created here, must not exist), through a sibling deleted after.
     *
     * @param expected the type of the store receiving it, for the refusal of a folder sent instead
     */
    static void receive(InputStream in, Path folder, String expected) throws IOException {
        Path received = folder.resolveSibling("." + folder.getFileName() + "-received-" + FileTrees.randomSuffix());
        try {
            FolderStream.receive(in, received);
            Path snapshot = received.resolve(FOLDER);
            if (!Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
                throw Snapshot.otherKind(received, DirectoryStore.TYPE, expected);
            }
            Files.move(snapshot, folder);
        } finally {
            FileTrees.deleteRecursively(received);
        }
    }

    /** Refuses a staged folder that holds a snapshot sent by a store of another kind, not a data folder. */
    static void requireFolder(Path staged) throws IOException {
        Path snapshot = staged.resolve(FOLDER);
        if (Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(staged)) {
                if (entries.count() == 1) {
                    String type = Snapshot.read(snapshot).map(Snapshot::type).orElse(null);
                    if (type != null) {
                        throw Snapshot.otherKind(staged, type, DirectoryStore.TYPE);
                    }
                }
            }
        }
    }

    /**
     * Replaces {@code target}'s content with a sent snapshot: received into a folder beside the store ({@code beside}),
     * restored into the store's staging place and verified, then {@code postCopy} run on it, then swapped in.
     *
     * @return what was copied (the snapshot's content, before the scripts changed the copy)
     */
    static Fingerprint replace(DataStore target, InputStream in, List<PostCopyScript> postCopy, Path beside)
            throws IOException {
        Files.createDirectories(beside);
        Path snapshot = beside.resolve(".rg-snapshot-" + FileTrees.randomSuffix());
        try {
            receive(in, snapshot, target.type());
            try (StagedData staged = target.stageRestore(snapshot)) {
                PostCopyScript.runAll(postCopy, staged);
                staged.publish();
                return staged.fingerprint();
            }
        } finally {
            FileTrees.deleteRecursively(snapshot);
        }
    }
}
