package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.data.FolderSnapshot;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A release's base archive (production's data archived in full before the window) restored and verified once, before
 * the window, and kept in the archive store until the restore drill inside the window, which then only writes the
 * delta over it: the window pays for what changed, not for the whole store.
 * <p>
 * {@code <archive root>/.restored-<release id>/} (owner only) holds {@code data/}, the base's content, and
 * {@code restored.json}: the base it was restored from and, for every file, its stamp ({@link FileStamp}: size,
 * modification and change times, inode) read before the copy was hashed against the base's manifest and unchanged
 * after. In the window a file whose stamp is still the recorded one was not written since it was proved equal to the
 * base: no write, truncation, replacement or change of mode keeps a file's change time, and no program can set it
 * back. The copy is written under {@code .restored-<release id>.tmp-<random>} and renamed once complete, so a crash
 * leaves either a complete copy or an attempt, which the next attempt deletes. One release at a time: keeping a copy
 * deletes every other (a release that ended without its cleanup, or the same release's earlier base). The drill takes
 * the copy into its own scratch folder before anything else, so a copy serves one drill at most and a crash during it
 * leaves nothing that could be mistaken for an intact copy. The end of a release deletes its copy
 * ({@link RestoredBaseCleanup}), retention those of releases no longer running.
 */
@Component
public class RestoredBase {

    private static final Logger LOG = LoggerFactory.getLogger(RestoredBase.class);
    static final String PREFIX = ".restored-";
    /** A kept copy or an attempt at one; group 1 is the release id. */
    static final Pattern FOLDER = Pattern.compile("\\.restored-([A-Za-z0-9][A-Za-z0-9._+-]*?)(?:\\.tmp-[0-9a-f]{16})?");
    static final String RECORD = "restored.json";
    static final String DATA = "data";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArchiveStore store;

    public RestoredBase(ArchiveStore store) {
        this.store = store;
    }

    /** What {@code restored.json} records. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Record(String releaseId, String baseId, String baseArchiveSha256, String baseTreeSha256, String verifiedAt,
                  List<String> directories, List<FileStamp> files) {
    }

    /**
     * What the window's drill proved with the kept copy.
     *
     * @param files    the full content (base and delta as one) the copy now holds, proved; null when the copy could
     *                 not serve
     * @param unusable why the copy could not serve, in French (the drill's report says it); null when it served
     * @param baseId   the base the copy was restored from
     */
    public record Drill(List<FileDigest> files, String unusable, String baseId) {

        public boolean applied() {
            return files != null;
        }

        public static Drill unusable(String why) {
            return new Drill(null, why, null);
        }
    }

    /**
     * Restores {@code baseId} into the release's kept copy and verifies it: the archive file hashed, every member checked
     * as written, then every restored file hashed again against the manifest between two reads of the files' stamps,
     * which must agree; the base file's stamp is recorded beside it ({@link ArchiveStore#recordVerified}). A copy of
     * this base already kept (a re-delivered task) is left as it is: the window checks it anyway. Nothing is kept for
     * an archive that no delta can be made of (a database's).
     *
     * @return whether a copy is kept
     * @throws ArchiveCorruptedException when the base does not restore to what its manifest says
     */
    public boolean keep(String releaseId, String baseId) throws IOException {
        if (!isReleaseId(releaseId)) {
            return false;
        }
        Path folder = folderOf(releaseId);
        Path baseFolder = store.existingFolder(baseId);
        Manifest base = store.readManifest(baseId, baseFolder);
        if (base.delta() != null || base.stamps() == null || !FileStamp.UNIX) {
            return false;
        }
        Optional<Record> kept = record(folder);
        if (kept.isPresent() && matches(kept.get(), releaseId, base)) {
            return true;
        }
        discardAll();
        Path attempt = store.root().resolve(PREFIX + releaseId + ".tmp-" + FileTrees.randomSuffix());
        try {
            if (POSIX) {
                Files.createDirectory(attempt, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(attempt);
            }
            Path data = Files.createDirectory(attempt.resolve(DATA));
            Path content = baseFolder.resolve(ArchiveStore.CONTENT_FILE);
            FileStamp baseFile = store.settledStamp(content);
            ArchiveStore.checkArchiveFile(baseId, baseFolder, base);
            ArchiveReader.extract(baseId, content, base, data);
            FileTrees.fsyncRecursively(data);
            if (!baseFile.equals(FileStamp.read(content, ArchiveStore.CONTENT_FILE))) {
                throw new IOException("the file of base archive " + baseId + " changed while it was restored");
            }
            // Stamps read once the copy's own writes are older than the file system's timestamp granularity: a later
            // write is then bound to change them.
            ArchiveStore.sleepUntil(Instant.now().plus(store.timestampGranularity()));
            Instant readAt = Instant.now();
            Tree before = Tree.read(data);
            Map<String, FileDigest> expected = new HashMap<>();
            base.files().forEach(file -> expected.put(file.path(), file));
            if (!before.stamps().keySet().equals(expected.keySet())
                    || !before.directories().equals(new TreeSet<>(base.directories()))) {
                throw new IOException("the restored copy of base archive " + baseId + " does not hold its files");
            }
            for (FileStamp stamp : before.stamps().values()) {
                if (!stamp.settledBefore(readAt, store.timestampGranularity())) {
                    throw new IOException("file " + stamp.path() + " of the restored copy of base archive " + baseId
                            + " was written while it was verified");
                }
            }
            for (FileDigest hashed : FolderDigest.of(data)) {
                if (!hashed.equals(expected.get(hashed.path()))) {
                    throw ArchiveCorruptedException.of(baseId, "file " + hashed.path()
                            + " restored does not match the manifest");
                }
            }
            if (!Tree.read(data).equals(before)) {
                throw new IOException("the restored copy of base archive " + baseId + " was written while it was hashed");
            }
            Record record = new Record(releaseId, baseId, base.content().sha256(), base.treeSha256(),
                    readAt.toString(), List.copyOf(before.directories()), List.copyOf(before.stamps().values()));
            Path recordFile = attempt.resolve(RECORD);
            Files.write(recordFile, JSON.writeValueAsBytes(record));
            FileTrees.fsyncFile(recordFile);
            FileTrees.fsyncDirectory(attempt);
            store.recordVerified(baseId, baseFile);
            Files.move(attempt, folder, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.fsyncDirectory(store.root());
            LOG.info("Base archive {} restored and verified into {} for the restore drill of release {}", baseId,
                    folder, releaseId);
            return true;
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(attempt, e);
            throw e;
        }
    }

    /**
     * The window's drill of {@code deltaId} on the release's kept copy: the copy taken into {@code work} (absent; its
     * parent is created) whatever follows, the delta's file hashed, the delta written over the copy (every member
     * checked as written), then one walk of the copy's stamps: exactly the full content's files at their sizes and
     * the delta's directories, and every file the delta did not write still with the stamp recorded when the copy was
     * verified. The base's file is not read: its stamp must be the one recorded when it was verified.
     *
     * @return the content proved, or why the copy cannot serve (missing, of another base, written since, the base's
     * file changed since its verification, the archive no delta): the caller then drills in full
     * @throws ArchiveCorruptedException when the delta or its pair with the base is damaged (as a full drill would)
     */
    public Drill drill(String releaseId, String deltaId, Path work) throws IOException {
        if (!isReleaseId(releaseId)) {
            return Drill.unusable(Messages.text("archive.restored-base.none"));
        }
        Path folder = folderOf(releaseId);
        Path deltaFolder = store.existingFolder(deltaId);
        Manifest delta = store.readManifest(deltaId, deltaFolder);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Drill.unusable(Messages.text("archive.restored-base.none-kept"));
        }
        Files.createDirectories(work.getParent());
        Files.move(folder, work, StandardCopyOption.ATOMIC_MOVE);
        if (delta.delta() == null) {
            return Drill.unusable(Messages.text("archive.restored-base.not-delta"));
        }
        DeltaPair pair = DeltaPair.of(store, delta);
        ArchiveStore.checkArchiveFile(deltaId, deltaFolder, delta);
        Optional<Record> record = record(work);
        if (record.isEmpty() || !matches(record.get(), releaseId, pair.base())) {
            return Drill.unusable(Messages.text("archive.restored-base.other-base", pair.baseId()));
        }
        if (!store.unchangedSinceVerified(pair.baseId(), store.folderOf(pair.baseId()), pair.base())) {
            return Drill.unusable(Messages.text("archive.restored-base.base-file-changed", pair.baseId()));
        }
        Path data = work.resolve(DATA);
        Tree tree;
        try {
            pair.applyDelta(data);
            tree = Tree.read(data);
        } catch (ArchiveCorruptedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Restored base {}: the delta {} does not apply to it: {}", work, deltaId, e.toString());
            return Drill.unusable(Messages.text("archive.restored-base.delta-does-not-apply"));
        }
        Map<String, FileStamp> recorded = new HashMap<>();
        record.get().files().forEach(stamp -> recorded.put(stamp.path(), stamp));
        Set<String> written = new HashSet<>();
        delta.files().forEach(file -> written.add(file.path()));
        Map<String, Long> expected = new HashMap<>();
        pair.fullFiles().forEach(file -> expected.put(file.path(), file.size()));
        if (!tree.stamps().keySet().equals(expected.keySet())
                || !tree.directories().equals(new TreeSet<>(delta.directories()))) {
            return Drill.unusable(Messages.text("archive.restored-base.files-missing"));
        }
        for (FileStamp stamp : tree.stamps().values()) {
            if (stamp.size() != expected.get(stamp.path())
                    || !written.contains(stamp.path()) && !stamp.equals(recorded.get(stamp.path()))) {
                return Drill.unusable(Messages.text("archive.restored-base.file-changed", stamp.path()));
            }
        }
        return new Drill(pair.fullFiles(), null, pair.baseId());
    }

    /**
     * Moves a copy a drill took ({@code work}, when present) out of its way, as an attempt of the release's: deleting a
     * copy as large as production's data would cost the window seconds, so it goes at the release's end (or with the
     * next copy kept, or by retention). Never mistaken for a kept copy: only {@code .restored-<release id>} is used.
     */
    public void setAside(String releaseId, Path work) throws IOException {
        if (!isReleaseId(releaseId) || !Files.exists(work, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path attempt = store.root().resolve(folderOf(releaseId).getFileName() + ".tmp-" + FileTrees.randomSuffix());
        try {
            Files.move(work, attempt, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was taken
        }
    }

    /** Deletes the release's kept copy and its attempts; nothing when there is none. */
    public void discard(String releaseId) throws IOException {
        folderOf(releaseId);
        for (Path folder : folders()) {
            var matcher = FOLDER.matcher(folder.getFileName().toString());
            if (matcher.matches() && matcher.group(1).equals(releaseId)) {
                delete(folder);
            }
        }
    }

    private void discardAll() throws IOException {
        for (Path folder : folders()) {
            LOG.info("Restored base {} deleted: one release at a time keeps one", folder);
            delete(folder);
        }
    }

    private List<Path> folders() throws IOException {
        if (!Files.isDirectory(store.root())) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(store.root())) {
            return children.filter(child -> FOLDER.matcher(child.getFileName().toString()).matches()).toList();
        }
    }

    /** Renamed out of its name first, so that a deletion cut short leaves nothing that looks like a kept copy. */
    private void delete(Path folder) throws IOException {
        Path doomed = store.root().resolve(ArchiveStore.DELETED_PREFIX + folder.getFileName().toString().substring(1)
                + "-" + FileTrees.randomSuffix());
        try {
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        FileTrees.deleteRecursively(doomed);
    }

    /** Engine ids are letters, digits and hyphens; anything else (none in a test) gets no copy. */
    private static boolean isReleaseId(String releaseId) {
        return releaseId != null && FOLDER.matcher(PREFIX + releaseId).matches() && !releaseId.contains(".tmp-");
    }

    Path folderOf(String releaseId) {
        if (!isReleaseId(releaseId)) {
            throw new IllegalArgumentException("not a release id: " + releaseId);
        }
        return store.root().resolve(PREFIX + releaseId);
    }

    private static boolean matches(Record record, String releaseId, Manifest base) {
        return releaseId.equals(record.releaseId()) && base.id().equals(record.baseId())
                && base.content().sha256().equals(record.baseArchiveSha256())
                && base.treeSha256().equals(record.baseTreeSha256()) && record.files() != null
                && record.directories() != null;
    }

    private static Optional<Record> record(Path folder) {
        Path file = folder.resolve(RECORD);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.ofNullable(JSON.readValue(Files.readAllBytes(file), Record.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Restored base {}: unreadable record, not used: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    /** Every file's stamp and every directory (relative paths) under a folder; links and special files refused. */
    record Tree(Map<String, FileStamp> stamps, Set<String> directories) {

        /** One stat per entry ({@link FolderSnapshot}). */
        static Tree read(Path root) throws IOException {
            Map<String, FileStamp> stamps = new HashMap<>();
            Set<String> directories = new TreeSet<>();
            for (FolderSnapshot.Entry entry : ArchiveStore.plainEntries(FolderSnapshot.walk(root))) {
                if (entry.kind() == FolderSnapshot.Kind.DIRECTORY) {
                    directories.add(entry.path());
                } else {
                    stamps.put(entry.path(), FileStamp.of(entry));
                }
            }
            return new Tree(stamps, directories);
        }
    }
}
