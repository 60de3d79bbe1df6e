package org.releasegate.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.data.FolderSnapshot;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.files.Parallel;
import org.releasegate.files.UnsupportedFileTypeException;
import org.releasegate.message.Messages;

/**
 * One folder per archive: {@code root/<id>/content.tar.zst} (tar, zstd-compressed) beside {@code manifest.json},
 * which records every member's size and SHA-256, the tree digest, and the archive file's own size and SHA-256. All
 * these digests are computed in the one pass that reads the source and writes the compressed file.
 * <p>
 * An archive is written into {@code root/.tmp-<id>-<random>}, forced to disk, and only then renamed to its id: a
 * folder named after an id always holds a complete archive, whatever crashed while it was written. Leftovers of
 * dead attempts are deleted by the next attempt with the same id.
 */
public class ArchiveStore {

    public static final String CONTENT_FILE = "content.tar.zst";
    /** Beside an archive: its file's stamp when it was last verified in full ({@link #recordVerified}). */
    static final String VERIFIED_FILE = "verified.json";

    private static final System.Logger LOG = System.getLogger(ArchiveStore.class.getName());
    // Ids name folders: no separators, no leading dot (which marks temporary folders).
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final String STAGING = "staging";
    static final String DELETED_PREFIX = ".del-";
    private static final String SCRATCH_PREFIX = ".scratch-";
    private static final Pattern ATTEMPT = Pattern.compile("\\.tmp-(.+)-[0-9a-f]{16}");
    /**
     * Coarser than any local file system's timestamps (FAT's are 2 s; ext4's follow the kernel tick): a file written
     * within this time of being archived gets no stamp, so a delta reads it again.
     */
    static final Duration DEFAULT_TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);

    private final Path root;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Compression compression;
    private final AfterFileRead afterFileRead;
    private final Duration timestampGranularity;
    private final ManifestCache manifests = new ManifestCache();

    public ArchiveStore(Path root, Clock clock, ObjectMapper mapper) {
        this(root, clock, mapper, Compression.DEFAULT);
    }

    public ArchiveStore(Path root, Clock clock, ObjectMapper mapper, Compression compression) {
        this(root, clock, mapper, compression, AfterFileRead.NOTHING);
    }

    ArchiveStore(Path root, Clock clock, ObjectMapper mapper, Compression compression, AfterFileRead afterFileRead) {
        this(root, clock, mapper, compression, afterFileRead, DEFAULT_TIMESTAMP_GRANULARITY);
    }

    /**
     * @param timestampGranularity how old a file's times must be, when a full archive reads it, for a later delta to
     *                             trust them (tests shorten it rather than wait)
     */
    ArchiveStore(Path root, Clock clock, ObjectMapper mapper, Compression compression, AfterFileRead afterFileRead,
                 Duration timestampGranularity) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        this.mapper = mapper;
        this.compression = Objects.requireNonNull(compression, "compression");
        this.afterFileRead = afterFileRead;
        this.timestampGranularity = timestampGranularity;
    }

    public Path root() {
        return root;
    }

    /**
     * Archives what {@code content} writes into an empty folder (for content produced on the spot, such as a
     * database export); the folder is packed, then deleted. When an archive with this id already exists and
     * verifies, it is returned unchanged, so a retried step does not archive twice.
     *
     * @throws ArchiveCorruptedException when an archive with this id exists but does not verify
     */
    public Archive create(String archiveId, ArchiveKind kind, String version, String source, ArchiveContent content)
            throws IOException {
        return create(archiveId, kind, version, source, content, BeforePublish.NOTHING);
    }

    /**
     * Like {@link #create(String, ArchiveKind, String, String, ArchiveContent)}, published only once {@code last}
     * passed.
     */
    public Archive create(String archiveId, ArchiveKind kind, String version, String source, ArchiveContent content,
                          BeforePublish last) throws IOException {
        return create(archiveId, kind, version, source, (attempt, writer) -> {
            Path staging = Files.createDirectory(attempt.resolve(STAGING));
            content.writeTo(staging);
            SourcePacker.PackedTree tree = packer().packFolder(staging, writer);
            FileTrees.deleteRecursively(staging);
            // The staging folder is gone: its stamps would serve no delta.
            return new SourcePacker.PackedTree(tree.files(), tree.directories());
        }, null, (attempt, manifest) -> last.check());
    }

    /**
     * Archives the files and directories under {@code folder}, read once and streamed into the archive (no copy);
     * the folder is only read. Idempotent like {@link #create(String, ArchiveKind, String, String, ArchiveContent)}.
     *
     * @throws SourceChangedException when a file changes, appears or vanishes while the folder is read
     * @throws org.releasegate.files.UnsupportedFileTypeException when the folder holds a link or a special file
     */
    public Archive createFromFolder(String archiveId, ArchiveKind kind, String version, String source, Path folder)
            throws IOException {
        return createFromFolder(archiveId, kind, version, source, folder, BeforePublish.NOTHING);
    }

    /**
     * Like {@link #createFromFolder(String, ArchiveKind, String, String, Path)}, published only once {@code last}
     * passed.
     */
    public Archive createFromFolder(String archiveId, ArchiveKind kind, String version, String source, Path folder,
                                    BeforePublish last) throws IOException {
        refuseOverlapWithRoot(folder);
        return create(archiveId, kind, version, source, (attempt, writer) -> packer().packFolder(folder, writer), null,
                (attempt, manifest) -> last.check());
    }

    /**
     * Archives {@code folder} while programs may still write to it, as the base of a later delta
     * ({@link #createDelta}, taken once they stopped): a file that changes while it is read is kept as read and gets
     * no stamp, so that delta packs it again; nothing a writer does fails it. The archive is marked
     * {@code live} and is only ever extracted under such a delta. Idempotent like the other creates.
     */
    public Archive createLiveFromFolder(String archiveId, ArchiveKind kind, String version, String source, Path folder)
            throws IOException {
        refuseOverlapWithRoot(folder);
        return create(archiveId, kind, version, source, (attempt, writer) -> packer().packLiveFolder(folder, writer),
                null, Verification.NONE);
    }

    /**
     * Archives only what changed in {@code folder} since {@code baseId}, a full archive of the same folder, and
     * verifies the pair: the files whose {@link FileStamp} differs from the one the base recorded (or that the base
     * could not stamp) are packed with every directory and the list of files deleted since; the base's file is
     * re-hashed meanwhile, on another thread (it must still be the one deep-verified when it was made), and the delta
     * is read back and every member hashed before it is published. Idempotent like the other creates.
     *
     * @throws IllegalArgumentException  when the base is itself a delta or recorded no stamps (not a folder's archive)
     * @throws ArchiveCorruptedException when the base is missing or damaged (in French), or the delta does not verify
     * @throws SourceChangedException    when a file changes, appears or vanishes while the folder is read
     */
    public Archive createDelta(String archiveId, ArchiveKind kind, String version, String source, Path folder,
                               String baseId) throws IOException {
        return createDelta(archiveId, kind, version, source, folder, baseId, BeforePublish.NOTHING);
    }

    /**
     * Like {@link #createDelta(String, ArchiveKind, String, String, Path, String)}, published only once {@code last}
     * passed, after the pair's verification: the later it runs, the more of the archive's work it overlaps.
     */
    public Archive createDelta(String archiveId, ArchiveKind kind, String version, String source, Path folder,
                               String baseId, BeforePublish last) throws IOException {
        refuseOverlapWithRoot(folder);
        Path baseFolder = existingFolder(baseId);
        Manifest base = readManifest(baseId, baseFolder);
        if (base.delta() != null || base.stamps() == null) {
            throw new IllegalArgumentException("archive " + baseId + " cannot be the base of a delta: "
                    + (base.delta() != null ? "it is a delta itself" : "it is no full archive of a folder"));
        }
        Map<String, FileStamp> baseStamps = new HashMap<>();
        base.stamps().forEach(stamp -> baseStamps.put(stamp.path(), stamp));
        // The base's file must be the one verified in depth. When its stamp is the one recorded then (RestoredBase),
        // no write reached it since: not re-hashed. Otherwise hashing it (hundreds of MB) costs more than packing what
        // changed: both run at once, on two cores.
        boolean unchanged = unchangedSinceVerified(baseId, baseFolder, base);
        FutureTask<Void> baseCheck = new FutureTask<>(() -> {
            if (!unchanged) {
                rehashBase(baseId, baseFolder, base);
            }
            return null;
        });
        Thread checker = new Thread(baseCheck, "release-gate-base-check");
        checker.setDaemon(true);
        checker.start();
        try {
            // A watch that walks the folder again after the verification makes the packer's own last walk redundant,
            // and its first walk, taken before the packing, gives the packer every entry and stamp without a walk.
            return create(archiveId, kind, version, source, (attempt, writer) -> packer().packFolder(folder, writer,
                    stamp -> stamp.equals(baseStamps.get(stamp.path())), !last.rewalksFolder(),
                    last.walkBefore().orElse(null)), base,
                    (attempt, manifest) -> {
                awaitBaseCheck(baseCheck, baseId, archiveId);
                checkArchiveFile(archiveId, attempt, manifest);
                ArchiveReader.check(archiveId, attempt.resolve(CONTENT_FILE), manifest);
                last.check();
            });
        } finally {
            awaitBaseCheck(baseCheck, baseId, archiveId);
        }
    }

    /** Hashes a delta's base file whole, against its manifest (tests count the calls). */
    void rehashBase(String baseId, Path baseFolder, Manifest base) throws IOException {
        checkArchiveFile(baseId, baseFolder, base);
    }

    private static void awaitBaseCheck(FutureTask<Void> check, String baseId, String deltaId) throws IOException {
        try {
            check.get();
        } catch (InterruptedException e) {
            check.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the base archive " + baseId + " was checked");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArchiveCorruptedException corrupted) {
                throw DeltaPair.baseProblem(baseId, deltaId, Messages.text("archive.delta-pair.base-damaged"),
                        corrupted);
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Records that the archive's file was just hashed whole and every member checked: its stamp then, read before that
     * verification and unchanged after it ({@code stamp}), so that a later check can tell, by one stat, that nothing
     * wrote to it since ({@link #unchangedSinceVerified}). A file of its own beside the archive, replaced whole,
     * deleted with the archive.
     */
    void recordVerified(String archiveId, FileStamp stamp) throws IOException {
        Path folder = existingFolder(archiveId);
        Manifest manifest = readManifest(archiveId, folder);
        if (!CONTENT_FILE.equals(stamp.path()) || stamp.size() != manifest.content().size()) {
            throw new IllegalArgumentException("not the stamp of " + CONTENT_FILE + " of archive " + archiveId);
        }
        FileTrees.replaceAtomically(folder.resolve(VERIFIED_FILE), mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new Verified(manifest.content().sha256(), stamp, clock.instant().toString())));
    }

    /**
     * True when the archive's file still has the stamp {@link #recordVerified} recorded for this very file (same
     * SHA-256 in the manifest): size, modification and change times, inode and device. Any write, truncation,
     * replacement (rename over it, a copy put back) or change of mode sets its change time or its inode, and no
     * program can set a change time back; the archive store is Release Gate's alone. What a stamp cannot see is a
     * disk losing bits without a write: a restore still hashes the whole file before it extracts it.
     */
    boolean unchangedSinceVerified(String archiveId, Path folder, Manifest manifest) {
        Path file = folder.resolve(VERIFIED_FILE);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !FileStamp.UNIX) {
                return false;
            }
            Verified verified = mapper.readValue(Files.readAllBytes(file), Verified.class);
            return verified != null && verified.stamp() != null && verified.stamp().changedNanos() != null
                    && manifest.content().sha256().equals(verified.archiveSha256())
                    && verified.stamp().equals(FileStamp.read(folder.resolve(CONTENT_FILE), CONTENT_FILE));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "archive " + archiveId + ": its verification record is unreadable, its file is "
                    + "hashed instead: " + e.getMessage());
            return false;
        }
    }

    /**
     * Verifies a full archive in depth (its file hashed, every member decompressed and hashed) and records its file's
     * stamp beside it ({@link #recordVerified}): read once older than the file system's timestamp granularity (waiting
     * for that if needed), before the verification, and unchanged after it. Meant for work done before the production
     * window, so that the window checks the archive by one stat ({@link #verifiedUnchanged}) instead of re-reading it.
     *
     * @throws ArchiveCorruptedException when the archive does not verify
     */
    public Archive verifyAndRecord(String archiveId) throws IOException {
        Path folder = existingFolder(archiveId);
        Path content = folder.resolve(CONTENT_FILE);
        FileStamp before = settledStamp(content);
        Archive archive = verify(archiveId, VerificationDepth.DEEP);
        if (archive.delta() != null) {
            throw new IllegalArgumentException("archive " + archiveId + " is a delta: its base is verified instead");
        }
        if (!before.equals(FileStamp.read(content, CONTENT_FILE))) {
            throw new IOException("the file of archive " + archiveId + " changed while it was verified");
        }
        recordVerified(archiveId, before);
        return archive;
    }

    /**
     * When a full archive's file still has the stamp recorded at its last verification in depth
     * ({@link #verifyAndRecord}, {@link RestoredBase}), the time of that verification: nothing wrote to the file
     * since ({@link #unchangedSinceVerified}). Empty otherwise (no record, another stamp, a delta): verify it.
     */
    public Optional<Instant> verifiedUnchanged(String archiveId) throws IOException {
        Path folder = existingFolder(archiveId);
        Manifest manifest = readManifest(archiveId, folder);
        if (manifest.delta() != null || !unchangedSinceVerified(archiveId, folder, manifest)) {
            return Optional.empty();
        }
        try {
            Verified verified = mapper.readValue(Files.readAllBytes(folder.resolve(VERIFIED_FILE)), Verified.class);
            return Optional.of(Instant.parse(verified.verifiedAt()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's stamp once it is older than the timestamp granularity (waiting for that if needed). */
    FileStamp settledStamp(Path file) throws IOException {
        String name = file.getFileName().toString();
        FileStamp stamp = FileStamp.read(file, name);
        Instant now = Instant.now();
        if (!stamp.settledBefore(now, timestampGranularity)) {
            sleepUntil(now.plus(timestampGranularity));
            stamp = FileStamp.read(file, name);
            if (!stamp.settledBefore(Instant.now(), timestampGranularity)) {
                throw new IOException(file + " is still being written");
            }
        }
        return stamp;
    }

    static void sleepUntil(Instant when) throws IOException {
        try {
            long millis = Duration.between(Instant.now(), when).toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a file's times to settle");
        }
    }

    /** The content of {@link #VERIFIED_FILE}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Verified(String archiveSha256, FileStamp stamp, String verifiedAt) {
    }

    /**
     * Every file of the content an archive restores, sorted by path: its own members for a full archive; for a delta
     * the base's files without those deleted or replaced, plus the delta's, checked against the full content's
     * recorded digest.
     *
     * @throws ArchiveCorruptedException when a delta's base is missing, another archive, or does not compose into the
     *                                   recorded content (in French: the message reaches the release manager)
     */
    public List<FileDigest> contentFiles(String archiveId) throws IOException {
        Manifest manifest = readManifest(archiveId, existingFolder(archiveId));
        return manifest.delta() == null ? manifest.files() : DeltaPair.of(this, manifest).fullFiles();
    }

    /**
     * The digests of {@code folder}'s files now, as {@link FolderDigest#of(Path)} gives them, paying only for what changed
     * since archive {@code archiveId} was taken of that folder: a file whose stamp ({@link FileStamp}: size,
     * modification and change times, inode and device) is still the one recorded when a full archive read and hashed
     * it — the archive itself, or the base of a delta for the files the delta neither packed nor deleted — has the
     * digest recorded then; every other file is hashed. The same reading of a stamp as the delta's own, which archives
     * such a file as the base's: this trusts nothing the archive does not already rest on. Only stamps with a change
     * time and an inode vouch for a file (not on a platform without them).
     */
    public Digested digestSince(String archiveId, Path folder) throws IOException {
        Map<String, Vouched> known = vouchedFiles(archiveId);
        FileTrees.requireDirectory(folder);
        // One stat per entry: a file whose stamp is the one vouched for keeps its digest, the others are hashed.
        List<FileDigest> files = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        long reusedBytes = 0;
        for (FolderSnapshot.Entry entry : plainEntries(FolderSnapshot.walk(folder))) {
            if (entry.kind() == FolderSnapshot.Kind.FILE) {
                Vouched vouched = known.get(entry.path());
                if (vouched != null && vouched.stamp().equals(FileStamp.of(entry))) {
                    files.add(vouched.digest());
                    reusedBytes += vouched.digest().size();
                } else {
                    unknown.add(entry.path());
                }
            }
        }
        int reused = files.size();
        List<FileDigest> hashed = java.util.Collections.synchronizedList(new ArrayList<>());
        Path root = folder.toRealPath();
        Parallel.forEach(unknown, FolderDigest.THREADS, "release-gate-digest", () -> name -> {
            Path file = root.resolve(name);
            hashed.add(new FileDigest(name, Files.size(file), FolderDigest.sha256(file)));
        });
        files.addAll(hashed);
        files.sort(Comparator.comparing(FileDigest::path));
        long bytes = files.stream().mapToLong(FileDigest::size).sum();
        return new Digested(List.copyOf(files), reused, reusedBytes, files.size() - reused, bytes - reusedBytes);
    }

    /**
     * The entries of a walk below its folder, which must hold only files and directories.
     *
     * @throws org.releasegate.files.UnsupportedFileTypeException naming a link or a special file
     */
    static List<FolderSnapshot.Entry> plainEntries(FolderSnapshot walked) {
        List<FolderSnapshot.Entry> entries = new ArrayList<>();
        walked.entries().forEach((name, entry) -> {
            if (name.isEmpty()) {
                return;
            }
            Path path = walked.root().resolve(name);
            switch (entry.kind()) {
                case LINK -> throw UnsupportedFileTypeException.symbolicLink(path);
                case OTHER -> throw UnsupportedFileTypeException.specialFile(path);
                default -> entries.add(entry);
            }
        });
        return entries;
    }

    /**
     * What {@link #digestSince} found.
     *
     * @param files  every file's digest, sorted by path
     * @param reused the files whose recorded digest served, unread
     * @param hashed the files read and hashed
     */
    public record Digested(List<FileDigest> files, int reused, long reusedBytes, int hashed, long hashedBytes) {
    }

    private record Vouched(FileStamp stamp, FileDigest digest) {
    }

    /** The files whose stamp the archive (or its base) recorded with their digests, by path. */
    private Map<String, Vouched> vouchedFiles(String archiveId) throws IOException {
        Manifest manifest = readManifest(archiveId, existingFolder(archiveId));
        Manifest full = manifest;
        Set<String> excluded = new HashSet<>();
        if (manifest.delta() != null) {
            full = DeltaPair.of(this, manifest).base();
            manifest.files().forEach(file -> excluded.add(file.path()));
            excluded.addAll(manifest.delta().deletedFiles());
        }
        Map<String, Vouched> known = new HashMap<>();
        if (full.stamps() == null || !FileStamp.UNIX) {
            return known;
        }
        Map<String, FileDigest> digests = new HashMap<>();
        full.files().forEach(file -> digests.put(file.path(), file));
        for (FileStamp stamp : full.stamps()) {
            FileDigest digest = digests.get(stamp.path());
            if (stamp.changedNanos() != null && stamp.inode() != null && stamp.device() != null && digest != null
                    && digest.size() == stamp.size() && !excluded.contains(stamp.path())) {
                known.put(stamp.path(), new Vouched(stamp, digest));
            }
        }
        return known;
    }

    /** Archives one file, as the archive's only member named after it. Idempotent like the other creates. */
    public Archive createFromFile(String archiveId, ArchiveKind kind, String version, String source, Path file)
            throws IOException {
        return create(archiveId, kind, version, source, (attempt, writer) -> packer().packFile(file, writer));
    }

    /** Same as {@link #verify(String, VerificationDepth)} with {@link VerificationDepth#QUICK}. */
    public Archive verify(String archiveId) throws IOException {
        return verify(archiveId, VerificationDepth.QUICK);
    }

    /**
     * Re-hashes the archive file against the manifest and, when deep, every member too. A delta's base is checked as
     * well: there, and the same archive (its file re-hashed), and composing with the delta into the recorded content.
     *
     * @throws ArchiveNotFoundException  when there is no archive with this id
     * @throws ArchiveCorruptedException naming the archive and the problem: manifest unreadable or inconsistent,
     *                                   archive file missing, truncated or altered, member missing, extra, or with
     *                                   a wrong size or hash
     */
    public Archive verify(String archiveId, VerificationDepth depth) throws IOException {
        Path folder = existingFolder(archiveId);
        Manifest manifest = readManifest(archiveId, folder);
        // A delta is only as good as its base: the base's file is hashed too, unchanged since it was verified in depth.
        DeltaPair pair = manifest.delta() == null ? null : DeltaPair.of(this, manifest);
        checkArchiveFile(archiveId, folder, manifest);
        if (depth == VerificationDepth.DEEP) {
            ArchiveReader.check(archiveId, folder.resolve(CONTENT_FILE), manifest);
        }
        if (pair != null) {
            pair.checkBaseFile();
        }
        return manifest.toArchive(folder);
    }

    /**
     * Extracts an archive into {@code target}, an empty folder (created when absent). The archive file's SHA-256 is
     * checked before anything is written; every member is then checked as it is written. On any failure what was
     * written is deleted (and the folder too when this call created it).
     *
     * @throws ArchiveNotFoundException  when there is no archive with this id
     * @throws ArchiveCorruptedException when the archive does not verify or holds an entry that is not a plain file
     *                                   or directory, or whose name is absolute or contains "..", or when a delta's
     *                                   base is missing or damaged (nothing is then left in {@code target})
     * @throws IOException               when {@code target} is not an empty folder, or writing fails
     */
    public Archive extractTo(String archiveId, Path target) throws IOException {
        Path folder = existingFolder(archiveId);
        Path absoluteTarget = target.toAbsolutePath().normalize();
        boolean targetExists = requireEmptyOrAbsent(absoluteTarget);
        Manifest manifest = readManifest(archiveId, folder);
        if (Boolean.TRUE.equals(manifest.live())) {
            // Taken while production ran: alone it may hold torn files; its delta makes it whole.
            throw new IllegalArgumentException("archive " + archiveId + " was taken while its source was written to: "
                    + "only a delta of it can be extracted");
        }
        // A delta extracts as the full content: its base first, the deletions, then the delta written over it.
        DeltaPair pair = manifest.delta() == null ? null : DeltaPair.of(this, manifest);
        checkArchiveFile(archiveId, folder, manifest);
        if (pair != null) {
            pair.checkBaseFile();
        }
        if (!targetExists) {
            Files.createDirectories(absoluteTarget);
        }
        try {
            if (pair == null) {
                ArchiveReader.extract(archiveId, folder.resolve(CONTENT_FILE), manifest, absoluteTarget);
            } else {
                pair.extract(absoluteTarget);
            }
            FileTrees.fsyncRecursively(absoluteTarget);
        } catch (IOException | RuntimeException e) {
            if (targetExists) {
                deleteChildrenAfterFailure(absoluteTarget, e);
            } else {
                FileTrees.deleteAfterFailure(absoluteTarget, e);
            }
            throw e;
        }
        return manifest.toArchive(folder);
    }

    /**
     * One member's bytes, checked against the manifest's size and SHA-256, without extracting the archive: it is
     * decompressed up to that member only (a folder's files come before its subfolders, so a descriptor at the top
     * comes first).
     *
     * @throws ArchiveNotFoundException  when there is no archive with this id
     * @throws ArchiveCorruptedException when the member does not match the manifest
     * @throws IOException               when the member is larger than {@code maxBytes}
     * @throws IllegalArgumentException  when the manifest does not list the member
     */
    public byte[] readMember(String archiveId, String path, int maxBytes) throws IOException {
        Path folder = existingFolder(archiveId);
        Manifest manifest = readManifest(archiveId, folder);
        FileDigest member = manifest.files().stream().filter(file -> file.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("archive " + archiveId + " has no member " + path));
        if (member.size() > maxBytes) {
            throw new IOException("member " + path + " of archive " + archiveId + " has " + member.size()
                    + " bytes, more than the " + maxBytes + " expected");
        }
        return ArchiveReader.member(archiveId, folder.resolve(CONTENT_FILE), manifest, member);
    }

    /**
     * The archive as its manifest describes it, without re-hashing.
     *
     * @throws ArchiveCorruptedException when it exists but its manifest is unreadable
     */
    public Optional<Archive> find(String archiveId) throws IOException {
        Path folder = folderOf(archiveId);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(readManifest(archiveId, folder).toArchive(folder));
    }

    /** Every archive whose manifest is readable, oldest first; unreadable ones are logged and left out. */
    public List<Archive> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Archive> archives = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(ArchiveStore::isArchiveFolder).toList()) {
                String id = folder.getFileName().toString();
                try {
                    archives.add(readManifest(id, folder).toArchive(folder));
                } catch (ArchiveCorruptedException e) {
                    LOG.log(Level.WARNING, "archive left out of the list: " + e.getMessage());
                }
            }
        }
        archives.sort(Comparator.comparing(Archive::createdAt).thenComparing(Archive::id));
        return archives;
    }

    /**
     * Why each archive left out of {@link #list()} cannot be read, one message per archive naming it: when an archive
     * is looked for and not found, the one it may be is among these.
     */
    public List<String> unreadable() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(ArchiveStore::isArchiveFolder).sorted().toList()) {
                try {
                    readManifest(folder.getFileName().toString(), folder);
                } catch (ArchiveCorruptedException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    /** The most recent archive of this kind and version, without re-hashing. */
    public Optional<Archive> latest(ArchiveKind kind, String version) throws IOException {
        return list().stream()
                .filter(archive -> archive.kind() == kind && Objects.equals(archive.version(), version))
                .reduce((older, newer) -> newer);
    }

    /**
     * Deletes an archive: renamed out of its id first, so no half-deleted archive is ever found under an id, then
     * removed. Does nothing when it is already gone.
     */
    void delete(String archiveId) throws IOException {
        Path folder = folderOf(archiveId);
        Path doomed = root.resolve(DELETED_PREFIX + archiveId + "-" + FileTrees.randomSuffix());
        try {
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        FileTrees.fsyncDirectory(root);
        FileTrees.deleteRecursively(doomed);
    }

    /**
     * A folder for a step's temporary work beside the archives (same disk, e.g. to extract an archive before a
     * restore), named after the task: a re-delivered task finds and clears its own. Not created; delete it when done.
     * Retention removes those whose task is gone.
     */
    public Path scratchFolder(String taskId) {
        if (taskId == null || !ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("not a task id: " + taskId);
        }
        return root.resolve(SCRATCH_PREFIX + taskId);
    }

    /**
     * Work folders that a dead attempt may have left: {@code .tmp-<id>-<random>} of a create (named after its archive
     * id), {@code .scratch-<task id>} and a release's restored base ({@code .restored-<release id>}, and its attempts);
     * the caller decides which are dead.
     */
    List<WorkFolder> workFolders() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<WorkFolder> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                Matcher attempt = ATTEMPT.matcher(name);
                Matcher restored = RestoredBase.FOLDER.matcher(name);
                String owner = attempt.matches() ? attempt.group(1)
                        : name.startsWith(SCRATCH_PREFIX) ? name.substring(SCRATCH_PREFIX.length())
                        : restored.matches() ? restored.group(1) : null;
                if (owner != null) {
                    folders.add(new WorkFolder(child, owner, Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS)
                            .toInstant()));
                }
            }
        }
        return folders;
    }

    /**
     * @param owner the archive id of a create's attempt, the task id of a scratch folder, the release (process
     *              instance) id of a restored base
     */
    record WorkFolder(Path path, String owner, Instant modified) {
    }

    /** Removes what deletions interrupted by a crash left behind. */
    void deleteLeftoversOfDeletions() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> p.getFileName().toString().startsWith(DELETED_PREFIX)).toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    Instant now() {
        return clock.instant();
    }

    Duration timestampGranularity() {
        return timestampGranularity;
    }

    /** Writes the members into the attempt's archive file; returns what it packed. */
    @FunctionalInterface
    private interface Packing {
        SourcePacker.PackedTree pack(Path attempt, ArchiveWriter writer) throws IOException;
    }

    private Archive create(String archiveId, ArchiveKind kind, String version, String source, Packing packing)
            throws IOException {
        return create(archiveId, kind, version, source, packing, null, Verification.NONE);
    }

    /** Checks an attempt, complete and forced to disk, before it is published: a failure publishes nothing. */
    @FunctionalInterface
    private interface Verification {
        Verification NONE = (attempt, manifest) -> {
        };

        void verify(Path attempt, Manifest manifest) throws IOException;
    }

    /**
     * @param base         the base of a delta, null for a full archive
     * @param verification run last, before the publication
     */
    private Archive create(String archiveId, ArchiveKind kind, String version, String source, Packing packing,
                           Manifest base, Verification verification) throws IOException {
        Path folder = folderOf(archiveId);
        Objects.requireNonNull(kind, "kind");
        Files.createDirectories(root);
        deleteDeadAttempts(archiveId);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return existing(archiveId, kind, version);
        }
        Path attempt = root.resolve(".tmp-" + archiveId + "-" + FileTrees.randomSuffix());
        try {
            Files.createDirectory(attempt);
            SourcePacker.PackedTree tree;
            ArchiveWriter.Written written;
            try (ArchiveWriter writer = ArchiveWriter.create(attempt.resolve(CONTENT_FILE), compression)) {
                tree = packing.pack(attempt, writer);
                written = writer.finish();
            }
            ArchiveDelta delta = base == null ? null : DeltaPair.describe(base, tree);
            Manifest manifest = Manifest.of(archiveId, kind, version, source, clock.instant(), compression, written,
                    tree, FolderDigest.treeSha256(tree.files()), delta);
            writeManifest(attempt, manifest);
            // The digests are those of the bytes as they were written and forced to disk; reading the file back
            // now would only read the page cache. What is checked is that both files are complete and agree.
            Manifest onDisk = readManifest(archiveId, attempt);
            checkArchiveFileSize(archiveId, attempt, onDisk);
            FileTrees.fsyncDirectory(attempt);
            verification.verify(attempt, onDisk);
            return publish(attempt, archiveId, kind, version);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(attempt, e);
            throw e;
        }
    }

    private SourcePacker packer() {
        return new SourcePacker(afterFileRead, timestampGranularity);
    }

    private Archive existing(String archiveId, ArchiveKind kind, String version) throws IOException {
        Archive archive = verify(archiveId);
        if (archive.kind() != kind || !Objects.equals(archive.version(), version)) {
            throw new IllegalStateException("archive id " + archiveId + " already holds " + archive.kind() + " "
                    + archive.version() + ", not " + kind + " " + version);
        }
        return archive;
    }

    private Archive publish(Path attempt, String archiveId, ArchiveKind kind, String version) throws IOException {
        Path folder = root.resolve(archiveId);
        try {
            Files.move(attempt, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                // Another attempt published first; ours is the duplicate.
                FileTrees.deleteRecursively(attempt);
                return existing(archiveId, kind, version);
            }
            throw e;
        }
        FileTrees.fsyncDirectory(root);
        return readManifest(archiveId, folder).toArchive(folder);
    }

    private void writeManifest(Path folder, Manifest manifest) throws IOException {
        Path file = folder.resolve(Manifest.FILE_NAME);
        Files.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileTrees.fsyncFile(file);
    }

    /**
     * Reads and checks the manifest: complete, of this format, consistent, with safe member names. A manifest read and
     * checked before is not parsed again while its file keeps the stamp ({@link FileStamp}: size, times, inode) it had,
     * settled, when it was read: no write, replacement or rename over it keeps a file's change time. A base's manifest
     * lists every file of the data; the window reads it several times (delta, drill, post-install fingerprint).
     */
    Manifest readManifest(String archiveId, Path folder) throws IOException {
        Path file = folder.resolve(Manifest.FILE_NAME);
        FileStamp stamp;
        try {
            stamp = FileStamp.UNIX ? FileStamp.read(file, Manifest.FILE_NAME) : null;
        } catch (NoSuchFileException e) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " is missing");
        }
        Instant observed = Instant.now();
        Manifest known = manifests.get(file, stamp);
        if (known != null && archiveId.equals(known.id())) {
            return known;
        }
        Manifest manifest = parseManifest(archiveId, file);
        if (stamp != null && stamp.settledBefore(observed, timestampGranularity)) {
            manifests.put(file, stamp, manifest);
        }
        return manifest;
    }

    private Manifest parseManifest(String archiveId, Path file) throws IOException {
        Manifest manifest;
        try {
            manifest = mapper.readValue(Files.readAllBytes(file), Manifest.class);
        } catch (NoSuchFileException e) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " is missing");
        } catch (JsonProcessingException e) {
            throw ArchiveCorruptedException.of(archiveId, Manifest.FILE_NAME + " is unreadable: "
                    + e.getOriginalMessage(), e);
        }
        if (manifest == null) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " is empty");
        }
        if (!Manifest.FORMAT.equals(manifest.format()) && !Manifest.DELTA_FORMAT.equals(manifest.format())) {
            throw corrupted(archiveId, manifest.format() == null
                    ? "it was written in the folder format of an earlier Release Gate (files/ beside "
                    + Manifest.FILE_NAME + "), which this version no longer reads"
                    : Manifest.FILE_NAME + " has the unknown format " + manifest.format());
        }
        Manifest.Content content = manifest.content();
        if (manifest.kind() == null || manifest.files() == null || manifest.directories() == null
                || manifest.treeSha256() == null || content == null || content.size() == null || content.size() < 0
                || content.sha256() == null || !Sha256.HEX.matcher(content.sha256()).matches()
                || manifest.files().stream().anyMatch(f -> f == null || f.path() == null || f.sha256() == null)
                || manifest.directories().stream().anyMatch(Objects::isNull)) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " lacks required fields");
        }
        if (!CONTENT_FILE.equals(content.file()) || !"zstd".equals(content.compression())) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " names an unknown archive file " + content.file()
                    + " (" + content.compression() + ")");
        }
        if (!archiveId.equals(manifest.id())) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " describes archive " + manifest.id());
        }
        try {
            Instant.parse(manifest.createdAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw corrupted(archiveId, Manifest.FILE_NAME + " has an invalid createdAt " + manifest.createdAt());
        }
        Set<String> names = new HashSet<>();
        for (String name : Stream.concat(manifest.files().stream().map(FileDigest::path),
                manifest.directories().stream()).toList()) {
            MemberNames.problem(name).ifPresent(problem -> {
                throw corrupted(archiveId, Manifest.FILE_NAME + " lists an unsafe member: " + problem);
            });
            if (!names.add(name)) {
                throw corrupted(archiveId, Manifest.FILE_NAME + " lists " + name + " twice");
            }
        }
        if (!FolderDigest.treeSha256(manifest.files()).equals(manifest.treeSha256())) {
            throw corrupted(archiveId, Manifest.FILE_NAME + "'s treeSha256 does not match its file list");
        }
        DeltaPair.problem(manifest).ifPresent(problem -> {
            throw corrupted(archiveId, Manifest.FILE_NAME + " " + problem);
        });
        return manifest;
    }

    /** The archive file is there, of the recorded size (cheap, first) and SHA-256. */
    static void checkArchiveFile(String archiveId, Path folder, Manifest manifest) throws IOException {
        checkArchiveFileSize(archiveId, folder, manifest);
        String actual = Sha256.of(folder.resolve(CONTENT_FILE));
        if (!actual.equals(manifest.content().sha256())) {
            throw corrupted(archiveId, CONTENT_FILE + " has sha256 " + actual + ", the manifest says "
                    + manifest.content().sha256());
        }
    }

    private static void checkArchiveFileSize(String archiveId, Path folder, Manifest manifest) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(folder.resolve(CONTENT_FILE), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw corrupted(archiveId, CONTENT_FILE + " is missing");
        }
        if (!attrs.isRegularFile()) {
            throw corrupted(archiveId, CONTENT_FILE + " is not a regular file");
        }
        if (attrs.size() != manifest.content().size()) {
            throw corrupted(archiveId, CONTENT_FILE + " has " + attrs.size() + " bytes, the manifest says "
                    + manifest.content().size());
        }
    }

    private static ArchiveCorruptedException corrupted(String archiveId, String problem) {
        return ArchiveCorruptedException.of(archiveId, problem);
    }

    /** True when the target exists (an empty folder); false when it is absent. */
    private static boolean requireEmptyOrAbsent(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot extract into " + target + ": not a folder");
        }
        try (Stream<Path> children = Files.list(target)) {
            if (children.findAny().isPresent()) {
                throw new DirectoryNotEmptyException(target + " (an archive is only extracted into an empty folder)");
            }
        }
        return true;
    }

    private static void deleteChildrenAfterFailure(Path folder, Exception failure) {
        try (Stream<Path> children = Files.list(folder)) {
            children.forEach(child -> FileTrees.deleteAfterFailure(child, failure));
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private void refuseOverlapWithRoot(Path folder) throws IOException {
        Path source = folder.toRealPath();
        Path realRoot = Files.exists(root) ? root.toRealPath() : root;
        if (realRoot.startsWith(source) || source.startsWith(realRoot)) {
            throw new IllegalArgumentException("cannot archive " + source + ": it overlaps the archive store " + root);
        }
    }

    private void deleteDeadAttempts(String archiveId) throws IOException {
        Pattern temporary = Pattern.compile("\\.tmp-" + Pattern.quote(archiveId) + "-[0-9a-f]{16}");
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> temporary.matcher(p.getFileName().toString()).matches()).toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    Path existingFolder(String archiveId) {
        Path folder = folderOf(archiveId);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw ArchiveNotFoundException.of(archiveId, root);
        }
        return folder;
    }

    Path folderOf(String archiveId) {
        if (archiveId == null || !ID.matcher(archiveId).matches()) {
            throw new IllegalArgumentException("archive id must be letters, digits, '.', '_', '+' or '-',"
                    + " starting with a letter or digit: " + archiveId);
        }
        return root.resolve(archiveId);
    }

    private static boolean isArchiveFolder(Path path) {
        return ID.matcher(path.getFileName().toString()).matches()
                && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
