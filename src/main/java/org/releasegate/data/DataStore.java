package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where an environment keeps its data — a folder ({@code directory}), an H2 database file ({@code h2}) or a
 * PostgreSQL database ({@code postgresql}) — and the few things release steps do with it. Every change is staged
 * beside the store, verified, and swapped in at the end: on any failure the store is left as it was. A store read
 * as a source (copy, export, fingerprint) is only read.
 * <p>
 * Obtain one with {@link DataStores#of(String)}; the snapshot folders it exports are what archives pack.
 */
public interface DataStore {

    /** {@code directory}, {@code h2} or {@code postgresql}. */
    String type();

    /** Where the data lives, for messages and reports; never a password. */
    String location();

    /**
     * The agent through which the engine node reaches this store (docs/agents.md), or empty when this node reaches
     * it itself. A store reached through an agent is read only as a whole: snapshots and fingerprints.
     */
    default Optional<String> agent() {
        return Optional.empty();
    }

    /**
     * Whether {@link #exportSnapshot} gives one consistent content while the application still writes (a database's
     * export reads one snapshot); a folder, or several stores read one after another, does not.
     */
    default boolean exportsConsistentlyWhileInUse() {
        return true;
    }

    /**
     * The server-side clone this store's server takes of it in the production window, instead of an archive
     * ({@code postgresql} only): empty for a folder, an H2 file, or a database with folders beside it, which are
     * archived in the window as before.
     */
    default Optional<ServerClones> serverClones() {
        return Optional.empty();
    }

    /** The content now, part by part (files or tables); the store is only read. */
    Fingerprint fingerprint() throws IOException;

    /**
     * The content now, computed the way {@code reference} was (a snapshot taken by an earlier version may use an
     * older way), so that {@link Fingerprint#changesSince} compares them.
     */
    default Fingerprint fingerprintLike(Fingerprint reference) throws IOException {
        return fingerprint();
    }

    /**
     * Writes into {@code folder}, for each table {@code tables} accepts (named as in {@link #fingerprint}), each record
     * as its primary key and a digest of the row ({@link RowDigests}), all read from one snapshot; the store is only
     * read. What a restore would lose is then told record by record.
     *
     * @return false for a store without tables (a folder): nothing is written
     */
    default boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        return false;
    }

    /**
     * Copies {@code source} (a store of the same type, only read) into a staging place beside this store and
     * verifies that the copy holds what the source held. This store is untouched until {@link StagedData#publish()}.
     *
     * @throws DataCopyVerificationException when the copy differs from the source (the source changed meanwhile)
     */
    StagedData stageCopyOf(DataStore source) throws IOException;

    /**
     * Exports the content into {@code emptyFolder} (created if missing), with its {@link Snapshot#FILE_NAME}
     * description. The store is only read.
     */
    Snapshot exportSnapshot(Path emptyFolder) throws IOException;

    /**
     * Restores an exported snapshot folder into a staging place beside this store and verifies it against the
     * snapshot's fingerprint; this store is untouched until {@link StagedData#publish()}.
     *
     * @throws SnapshotRejectedException when the folder is not a snapshot of this type or its content does not match
     */
    StagedData stageRestore(Path snapshotFolder) throws IOException;

    /**
     * Checks, before anything is touched, that a snapshot exported earlier could be restored here: what stops a
     * restore for good (a privilege the role lacks, a role or extension missing on the server) is found now rather
     * than halfway. File-based stores need nothing beyond their folder.
     *
     * @throws PermanentStoreFailureException with the remedy, when the restore could not succeed
     */
    default void checkRestorable(Path snapshotFolder) throws IOException {
    }

    /**
     * A store of the same type and credentials at a throw-away location (under {@code folder} for file-based
     * stores, a new database on the same server for PostgreSQL), removed on close: where a restore drill proves
     * that a snapshot restores.
     */
    ScratchStore scratch(Path folder) throws IOException;

    /**
     * Replaces this store's content with a verified copy of {@code source}, after running {@code postCopy} on the
     * staged copy. A failing script leaves this store as it was.
     *
     * @return what was copied (the source's content, before the scripts changed the copy)
     */
    default Fingerprint replaceWithCopyOf(DataStore source, List<PostCopyScript> postCopy) throws IOException {
        try (StagedData staged = stageCopyOf(source)) {
            PostCopyScript.runAll(postCopy, staged);
            staged.publish();
            return staged.fingerprint();
        }
    }

    /**
     * Replaces this store's content with a snapshot exported earlier, verified before it is swapped in.
     *
     * @return the content restored, equal to the snapshot's fingerprint
     */
    default Fingerprint restoreSnapshot(Path snapshotFolder) throws IOException {
        try (StagedData staged = stageRestore(snapshotFolder)) {
            staged.publish();
            return staged.fingerprint();
        }
    }

    /**
     * Proves that nothing writes to the store any more, once the application using it was stopped, and for a database
     * server keeps new sessions out until {@link #reopen()}. Idempotent: a re-run on a quiesced store (after a crash)
     * checks again and goes on. Release Gate's own work on the store (snapshots, restores, fingerprints) still works
     * while it is quiesced.
     *
     * @param settle how long a folder is watched for changes ({@code directory} only)
     * @return what was observed, in French, for the step's report (« plus aucune écriture constatée pendant 2 s »)
     * @throws StillInUseException when something still writes or holds the store, with its French reason
     */
    String quiesce(Duration settle) throws IOException;

    /**
     * Quiesces the store as {@link #quiesce} does, except for a folder's watch for writes: that is left to the work
     * that follows, which watches the folder while it works ({@link #watchForWrites}) instead of after a wait. Only
     * for a stop that such work follows (the archive in the production window).
     *
     * @return what was observed or is left to observe, in French, for the step's report
     * @throws StillInUseException as {@link #quiesce}
     */
    default String quiesceWatchingLater() throws IOException {
        return quiesce(Duration.ZERO);
    }

    /**
     * Begins a watch for writes on a stopped store, to be proved at the end of the work done meanwhile
     * ({@link WriteWatch#requireQuietFor}): a folder's files are walked; a store that {@link #quiesce} closes has
     * nothing to watch.
     */
    default WriteWatch watchForWrites() throws IOException {
        return WriteWatch.NONE;
    }

    /** Undoes {@link #quiesce}: the application may use the store again. Idempotent. */
    void reopen() throws IOException;

    /** A throw-away store; closing it deletes its content. */
    interface ScratchStore extends DataStore, AutoCloseable {

        @Override
        void close() throws IOException;
    }
}
