package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderSnapshot;
import org.releasegate.data.ServerClones;
import org.releasegate.files.FileTrees;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.Snapshot;
import org.releasegate.data.StillInUseException;
import org.releasegate.data.WriteWatch;
import org.releasegate.environment.Environments;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An environment's data in and out of the archive store, whatever its store type: a {@code directory} is streamed
 * into the archive as it is (no copy aside); a database is exported as a snapshot first. Restoring takes either form.
 * A {@code directory} may also be archived as a delta of an earlier full archive (only what changed since); the pair
 * then reads as one archive here: {@link #extract} gives the full content and {@link #contentOf} its fingerprint. A
 * store the engine node reaches through its agent ({@link DataStore#agent}) is archived from the snapshot the agent
 * streams, always in full.
 */
@Component
public class DataArchives {

    private static final Logger LOG = LoggerFactory.getLogger(DataArchives.class);

    /** A descriptor lists one line per table: 64 MiB is far beyond any real schema, and bounds what is read. */
    private static final int SNAPSHOT_DESCRIPTOR_LIMIT = 64 << 20;
    static final String AFTER_INSTALL = "after-install.json";
    static final String AFTER_INSTALL_FILES = "after-install";
    static final String AFTER_INSTALL_ROWS = "after-install-rows";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArchiveStore archives;
    private final DataStores stores;
    private final Environments environments;

    public DataArchives(ArchiveStore archives, DataStores stores, Environments environments) {
        this.archives = archives;
        this.stores = stores;
        this.environments = environments;
    }

    /** Archives the environment's data under {@code archiveId}; a retried call returns the archive already made. */
    public Archive archive(String archiveId, String environment, String version) throws IOException {
        return archive(archiveId, environment, version, BeforePublish.NOTHING);
    }

    private Archive archive(String archiveId, String environment, String version, BeforePublish last)
            throws IOException {
        DataStore store = stores.of(environment);
        String source = environment + ":" + store.location();
        // A store reached through its agent is of type agent: the snapshot it streams, never a folder of ours.
        if ("directory".equals(store.type())) {
            return archives.createFromFolder(archiveId, ArchiveKind.PRODUCTION_DATA, version, source,
                    environments.dataFolder(environment), last);
        }
        return archives.create(archiveId, ArchiveKind.PRODUCTION_DATA, version, source, store::exportSnapshot, last);
    }

    /**
     * Archives the environment's data while it is still in use, as the base of the delta {@link #archiveSince} takes
     * once it is stopped: a {@code directory} store is read as it is written ({@link ArchiveStore#createLiveFromFolder});
     * a database's export is a consistent snapshot anyway, so it is archived as {@link #archive} does. A store whose
     * export would not be consistent while in use (a database and its folders, read one after the other) is not
     * archived here: it has no delta, and the archive taken in the window, production stopped, is full.
     */
    public Optional<Archive> archiveWhileInUse(String archiveId, String environment, String version)
            throws IOException {
        DataStore store = stores.of(environment);
        if ("directory".equals(store.type())) {
            return Optional.of(archives.createLiveFromFolder(archiveId, ArchiveKind.PRODUCTION_DATA, version,
                    environment + ":" + store.location(), environments.dataFolder(environment)));
        }
        return store.exportsConsistentlyWhileInUse() ? Optional.of(archive(archiveId, environment, version))
                : Optional.empty();
    }

    /**
     * Archives the environment's data as a delta of {@code baseId} (what changed since that full archive) and verifies
     * it ({@link ArchiveStore#createDelta}): the delta re-read and every member hashed, the base's file hashed
     * (unchanged since it was verified in depth when made). Only a {@code directory} store has deltas, and
     * only from a base of the same environment whose content digest is {@code baseContentSha256}: in any other case,
     * or when the base proves damaged, the data is archived in full, as {@link #archive} does. A retried call returns
     * the archive already made.
     * <p>
     * The environment is stopped, and its folders are proved unwritten by this archive rather than before it: they
     * are watched from its start ({@link DataStore#watchForWrites}), and it is published only once nothing was
     * written for at least {@code data.settle} — the archive's own work counts; only what remains of the period is
     * waited for. A write meanwhile publishes nothing.
     *
     * @throws SourceChangedException when the data was written while it was archived (in French)
     */
    public Archive archiveSince(String archiveId, String environment, String version, String baseId,
                                String baseContentSha256) throws IOException {
        DataStore store = stores.of(environment);
        WriteWatch watch;
        try {
            watch = store.watchForWrites();
        } catch (StillInUseException written) {
            throw sourceChanged(written);
        }
        Duration settle = stores.settle(environment);
        BeforePublish quiet = new BeforePublish() {
            @Override
            public void check() throws IOException {
                requireQuiet(watch, settle, environment);
            }

            @Override
            public boolean rewalksFolder() {
                return watch.walksEveryEntry();
            }

            @Override
            public Optional<FolderSnapshot> walkBefore() {
                return watch.walksEveryEntry() ? watch.firstWalk() : Optional.empty();
            }
        };
        if (baseId == null) {
            return archive(archiveId, environment, version, quiet);
        }
        String source = environment + ":" + store.location();
        Optional<String> unusable = store.agent().isPresent()
                ? Optional.of("the data is reached through " + store.agent().get() + ", which sends it whole")
                : "directory".equals(store.type()) ? unusableBase(baseId, baseContentSha256, source)
                : Optional.of("the store is a database");
        if (unusable.isEmpty()) {
            try {
                return archives.createDelta(archiveId, ArchiveKind.PRODUCTION_DATA, version, source,
                        environments.dataFolder(environment), baseId, quiet);
            } catch (ArchiveCorruptedException | IllegalArgumentException e) {
                unusable = Optional.of(e.getMessage());
                archiveId = archiveId + "-full";
            }
        }
        LOG.warn("Data of {} archived in full, not as a delta of {}: {}", environment, baseId, unusable.get());
        return archive(archiveId, environment, version, quiet);
    }

    /**
     * Archives the clone its server took of the environment's database in the window ({@link ServerClones}), once
     * the environment runs again: a full export of the clone, whose row checksums — computed on the dump's snapshot, as
     * every database archive's — must be those the stopped database had in the window ({@code cloneSha256}): this
     * is where the clone is proved to be production as it was stopped; anything else publishes nothing. The archive is the one the window would have taken: of the
     * environment's data, restored, drilled and assessed like any other. A retried call returns the archive already
     * made.
     *
     * @throws org.releasegate.RejectedInputException when the clone is gone or changed since it was checked (French)
     */
    public Archive archiveClone(String archiveId, String environment, String version, String cloneName,
                                String cloneSha256) throws IOException {
        DataStore store = stores.of(environment);
        ServerClones clones = store.serverClones().orElseThrow(() -> new org.releasegate.RejectedInputException(
                Messages.text("archive.clone.not-clonable-to-archive", environment, cloneName),
                "data of " + environment + " at " + store.location() + " has no server clones", null));
        return archives.create(archiveId, ArchiveKind.PRODUCTION_DATA, version, environment + ":" + store.location(),
                folder -> {
                    if (!clones.exists(cloneName)) {
                        throw new org.releasegate.RejectedInputException(
                                Messages.text("archive.clone.gone", cloneName));
                    }
                    Snapshot snapshot = clones.store(cloneName).exportSnapshot(folder);
                    if (!snapshot.fingerprint().sha256().equals(cloneSha256)) {
                        throw new SourceChangedException(Messages.text("archive.clone.changed", cloneName,
                                snapshot.fingerprint().sha256(), cloneSha256));
                    }
                });
    }

    private static void requireQuiet(WriteWatch watch, Duration settle, String environment) throws IOException {
        try {
            watch.requireQuietFor(settle).ifPresent(seen -> LOG.info("Data of {} archived: {}", environment, seen));
        } catch (StillInUseException written) {
            throw sourceChanged(written);
        }
    }

    /** The stop's refusal, as it read when the stop watched: then what the archive says of a source changed. */
    private static SourceChangedException sourceChanged(StillInUseException written) {
        String reason = written.getMessage();
        return new SourceChangedException(Messages.text("archive.source-written",
                Character.toUpperCase(reason.charAt(0)) + reason.substring(1), SourcePacker.AGAIN));
    }

    private Optional<String> unusableBase(String baseId, String baseContentSha256, String source) throws IOException {
        Optional<Archive> base;
        try {
            base = archives.find(baseId);
        } catch (ArchiveCorruptedException e) {
            return Optional.of(e.getMessage());
        }
        if (base.isEmpty()) {
            return Optional.of("the base archive is missing");
        }
        Archive archive = base.get();
        if (archive.kind() != ArchiveKind.PRODUCTION_DATA || archive.delta() != null || !source.equals(archive.source())) {
            return Optional.of("the base archive is no full archive of " + source);
        }
        if (baseContentSha256 != null && !baseContentSha256.equals(archive.treeSha256())) {
            return Optional.of("the base archive's content is not the one the release recorded");
        }
        return Optional.empty();
    }

    /**
     * Extracts a data archive into {@code emptyFolder}, checking its SHA-256 first and every member as written; a
     * delta gives the full content (its base extracted, the deletions made, the delta written over it).
     */
    public Path extract(String archiveId, Path emptyFolder) throws IOException {
        archives.extractTo(archiveId, emptyFolder);
        return emptyFolder;
    }

    /**
     * What a data archive holds, without extracting it: a folder's files are listed in the manifest; a database
     * snapshot's description is the archive's first member (only that much is decompressed, and it is checked
     * against the manifest). A delta's is the full content's, composed from its base's manifest and its own.
     */
    public Fingerprint contentOf(String archiveId) throws IOException {
        Archive archive = find(archiveId);
        if (archive.delta() != null) {
            return Fingerprint.ofFiles(archives.contentFiles(archiveId));
        }
        if (archive.files().stream().noneMatch(file -> Snapshot.FILE_NAME.equals(file.path()))) {
            return Fingerprint.ofFiles(archive.files());
        }
        byte[] descriptor = archives.readMember(archiveId, Snapshot.FILE_NAME, SNAPSHOT_DESCRIPTOR_LIMIT);
        return Snapshot.parse(descriptor, "archive " + archiveId).fingerprint();
    }

    /**
     * The files of {@code folder}, the data folder this archive was taken of, as they are now, computed as
     * {@link #contentOf} gives the archive's (its fingerprint is {@code Fingerprint.ofFiles} of them), reading only what
     * was written since the archive read it ({@link ArchiveStore#digestSince}).
     */
    public ArchiveStore.Digested filesSince(String archiveId, Path folder) throws IOException {
        find(archiveId);
        return archives.digestSince(archiveId, folder);
    }

    /**
     * Keeps, beside a data archive, what the environment held right after the install that followed it: a rollback
     * assessment then tells what the migration changed from what people entered since. Files of their own in the
     * archive's folder (not members, not in the manifest), each replaced whole, the fingerprint last (it says the
     * record is complete); deleted with the archive.
     *
     * @param files a few files as they were then (relative path → content), so that a later change to them can be told
     *              in records rather than in bytes
     * @param rows  a folder of {@link org.releasegate.data.RowDigests} of the tables then, written in
     *              {@link #newRowsFolder}: moved in place
     */
    public void recordAfterInstall(String archiveId, Fingerprint afterInstall, Map<String, byte[]> files,
                                   Optional<Path> rows) throws IOException {
        Path folder = find(archiveId).folder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            FileTrees.replaceAtomically(fileAfterInstall(folder, file.getKey()), file.getValue());
        }
        FileTrees.deleteRecursively(folder.resolve(AFTER_INSTALL_ROWS));
        if (rows.isPresent()) {
            Files.move(rows.get(), folder.resolve(AFTER_INSTALL_ROWS), StandardCopyOption.ATOMIC_MOVE);
            FileTrees.fsyncDirectory(folder);
        }
        FileTrees.replaceAtomically(folder.resolve(AFTER_INSTALL),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(afterInstall));
    }

    /** What {@link #recordAfterInstall} kept; empty when nothing was (no install yet, or an earlier Release Gate). */
    public Optional<Fingerprint> afterInstall(String archiveId) throws IOException {
        Path file = find(archiveId).folder().resolve(AFTER_INSTALL);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(Files.readAllBytes(file), Fingerprint.class));
    }

    /**
     * A new folder beside the archive for the row digests {@link #recordAfterInstall} moves in place; one a crash left
     * behind is removed with the archive.
     */
    public Path newRowsFolder(String archiveId) throws IOException {
        Path folder = find(archiveId).folder().resolve("." + AFTER_INSTALL_ROWS + "-" + FileTrees.randomSuffix());
        Files.createDirectory(folder);
        return folder;
    }

    /**
     * The row digests of production's tables right after the install; empty when none were kept (a folder store, an
     * earlier Release Gate) or the record is not complete.
     */
    public Optional<Path> rowsAfterInstall(String archiveId) throws IOException {
        Path folder = find(archiveId).folder();
        Path rows = folder.resolve(AFTER_INSTALL_ROWS);
        return Files.isDirectory(rows, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(folder.resolve(AFTER_INSTALL), LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(rows) : Optional.empty();
    }

    /** A file {@link #recordAfterInstall} kept, as it was then; empty when it kept none of that path. */
    public Optional<byte[]> fileAfterInstall(String archiveId, String path) throws IOException {
        Path file = fileAfterInstall(find(archiveId).folder(), path);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.readAllBytes(file))
                : Optional.empty();
    }

    private static Path fileAfterInstall(Path archiveFolder, String path) {
        Path files = archiveFolder.resolve(AFTER_INSTALL_FILES);
        Path file = files.resolve(path).normalize();
        if (!file.startsWith(files) || file.equals(files)) {
            throw new IllegalArgumentException("not a relative file path: " + path);
        }
        return file;
    }

    /**
     * One file of an archived data folder, as it was archived (checked against the manifest), without extracting the
     * archive; of a delta, from the delta or from its base.
     *
     * @throws IllegalArgumentException when the archive does not hold that file
     * @throws IOException              when the file is larger than {@code maxBytes}
     */
    public byte[] readFile(String archiveId, String path, int maxBytes) throws IOException {
        Archive archive = find(archiveId);
        // A folder's snapshot (taken through its agent) holds the files under its data folder, beside its description.
        String inSnapshot = Snapshot.FOLDER_DATA + "/" + path;
        if (archive.files().stream().anyMatch(file -> file.path().equals(Snapshot.FILE_NAME))
                && archive.files().stream().anyMatch(file -> file.path().equals(inSnapshot))) {
            return archives.readMember(archiveId, inSnapshot, maxBytes);
        }
        boolean inThisArchive = archive.files().stream().anyMatch(file -> file.path().equals(path));
        if (!inThisArchive && archive.delta() != null) {
            // Absent from a delta: unchanged since its base, unless deleted since.
            List<String> deleted = archive.delta().deletedFiles();
            if (deleted != null && deleted.contains(path)) {
                throw new IllegalArgumentException("archive " + archiveId + " has no member " + path);
            }
            return archives.readMember(archive.baseId(), path, maxBytes);
        }
        return archives.readMember(archiveId, path, maxBytes);
    }

    private Archive find(String archiveId) throws IOException {
        return archives.find(archiveId).orElseThrow(() -> ArchiveNotFoundException.of(archiveId, null));
    }
}
