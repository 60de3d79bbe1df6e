package org.releasegate.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.releasegate.data.FolderSnapshot;
import org.releasegate.files.FileDigest;
import org.releasegate.files.UnsupportedFileTypeException;
import org.releasegate.message.Messages;

/**
 * Reads a source folder (or one file) once, in name order, streaming every file into an {@link ArchiveWriter} while
 * hashing it. The source is only read. A writer racing the archive is caught by size and modification time (and, for
 * a folder, the whole {@link FileStamp}): right after each file is read, and by a last walk that finds files added or
 * removed meanwhile. For a delta, files whose stamp says they did not change since the base are walked, not read.
 * <p>
 * A <em>live</em> pack (the base of a delta, taken while production still runs) tolerates writers instead: a file that
 * changes while it is read is packed as read (cut or padded to the size it had when its member began) and gets no
 * stamp, so the delta taken once production is stopped packs it again; files that vanish are left out, files that
 * appear are the delta's. Such an archive is only ever restored under a delta.
 */
final class SourcePacker {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final AfterFileRead afterFileRead;
    private final Duration timestampGranularity;
    private final ByteBuffer buffer = ByteBuffer.allocate(ArchiveWriter.BUFFER_SIZE);

    /**
     * What was packed: the members' digests sorted by path, and every directory; of a folder, the trusted stamps of
     * the files read, and the files left out because unchanged since a base.
     */
    record PackedTree(List<FileDigest> files, List<String> directories, List<FileStamp> stamps,
                      Set<String> unchanged, boolean live) {

        PackedTree(List<FileDigest> files, List<String> directories) {
            this(files, directories, null, Set.of(), false);
        }
    }

    /** Decides, from its stamp, that a file is the same as in the base: it is then left out. */
    @FunctionalInterface
    interface Unchanged {
        Unchanged NEVER = stamp -> false;

        boolean test(FileStamp stamp);
    }

    private record FileState(long size, FileTime modified) {
        static FileState of(BasicFileAttributes attrs) {
            return new FileState(attrs.size(), attrs.lastModifiedTime());
        }
    }

    /** @param timestampGranularity how old a file's times must be for its stamp to be trusted by a later delta */
    SourcePacker(AfterFileRead afterFileRead, Duration timestampGranularity) {
        this.afterFileRead = afterFileRead;
        this.timestampGranularity = timestampGranularity;
    }

    /**
     * Packs every file and directory under {@code folder} (not the folder itself); a link naming the folder is
     * followed, links inside it are refused.
     *
     * @throws UnsupportedFileTypeException when the tree holds a symbolic link or a special file
     * @throws SourceChangedException       when a file changed while it was packed
     */
    PackedTree packFolder(Path folder, ArchiveWriter writer) throws IOException {
        return packFolder(folder, writer, Unchanged.NEVER);
    }

    /** Packs the folder's directories and the files that {@code unchanged} does not leave out. */
    PackedTree packFolder(Path folder, ArchiveWriter writer, Unchanged unchanged) throws IOException {
        return packFolder(folder, writer, unchanged, true);
    }

    /**
     * Like {@link #packFolder(Path, ArchiveWriter, Unchanged)}; without {@code lastWalk}, the walk for files added or
     * removed behind the first one is left to the caller (a watch for writes that walks the folder again later).
     */
    PackedTree packFolder(Path folder, ArchiveWriter writer, Unchanged unchanged, boolean lastWalk)
            throws IOException {
        return packFolder(folder, writer, unchanged, lastWalk, null);
    }

    /**
     * Like {@link #packFolder(Path, ArchiveWriter, Unchanged, boolean)}, with the folder's entries taken from
     * {@code walked}, a walk of it taken just before (a watch's first walk, which its last walk is compared with),
     * rather than from a walk of its own: each file's stamp is the one that walk read, and a file that is read is
     * still checked, after it is read, to have that stamp. Null, or a walk of another folder: the folder is walked.
     */
    PackedTree packFolder(Path folder, ArchiveWriter writer, Unchanged unchanged, boolean lastWalk,
                          FolderSnapshot walked) throws IOException {
        Walk walk = new Walk(writer, unchanged, false);
        walk.lastWalk = lastWalk;
        if (walked != null && walked.root().equals(folder.toRealPath())) {
            walk.walked = walked;
        }
        return packFolder(folder, walk);
    }

    /** Packs every file and directory under {@code folder} while programs may still write to it (see the class). */
    PackedTree packLiveFolder(Path folder, ArchiveWriter writer) throws IOException {
        return packFolder(folder, new Walk(writer, Unchanged.NEVER, true));
    }

    private PackedTree packFolder(Path folder, Walk walk) throws IOException {
        Path source = folder.toRealPath();
        if (!Files.isDirectory(source)) {
            throw new IOException("not a folder: " + folder);
        }
        packChildren(source, "", walk);
        if (!walk.live && walk.lastWalk) {
            requireUnchanged(source, walk.files, walk.directories);
        }
        walk.digests.sort(Comparator.comparing(FileDigest::path));
        walk.stamps.sort(Comparator.comparing(FileStamp::path));
        return new PackedTree(List.copyOf(walk.digests), List.copyOf(walk.directories), List.copyOf(walk.stamps),
                Set.copyOf(walk.unchangedFiles), walk.live);
    }

    /** What one walk of a folder collects. */
    private static final class Walk {
        final ArchiveWriter writer;
        final Unchanged unchanged;
        final boolean live;
        final Map<String, FileState> files = new LinkedHashMap<>();
        final Set<String> directories = new TreeSet<>();
        final List<FileDigest> digests = new ArrayList<>();
        final List<FileStamp> stamps = new ArrayList<>();
        final Set<String> unchangedFiles = new TreeSet<>();
        boolean lastWalk = true;
        /** The folder's entries as a walk taken before saw them; null: each folder is listed here. */
        FolderSnapshot walked;
        Map<String, List<Child>> walkedChildren;

        Walk(ArchiveWriter writer, Unchanged unchanged, boolean live) {
            this.writer = writer;
            this.unchanged = unchanged;
            this.live = live;
        }
    }

    /** Packs one file, under the name it was given (a link naming the file is followed). */
    PackedTree packFile(Path file, ArchiveWriter writer) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes attrs = attributes(real);
        if (!attrs.isRegularFile()) {
            throw UnsupportedFileTypeException.notARegularFile(file);
        }
        return new PackedTree(List.of(packFile(real, file.getFileName().toString(), attrs, writer, false).digest()),
                List.of());
    }

    private void packChildren(Path dir, String prefix, Walk walk) throws IOException {
        for (Child entry : walk.walked != null ? walkedChildren(dir, prefix, walk) : sortedChildren(dir, walk.live)) {
            Path child = entry.path();
            String name = prefix + child.getFileName();
            BasicFileAttributes attrs = entry.attrs();
            if (attrs.isSymbolicLink()) {
                throw UnsupportedFileTypeException.symbolicLink(child);
            }
            if (attrs.isDirectory()) {
                walk.writer.directory(name, attrs.lastModifiedTime(), permissions(attrs, 0755));
                walk.directories.add(name);
                packChildren(child, name + "/", walk);
            } else if (attrs.isRegularFile()) {
                walk.files.put(name, FileState.of(attrs));
                packStamped(child, name, attrs, entry.stamp(), walk);
            } else {
                throw UnsupportedFileTypeException.specialFile(child);
            }
        }
    }

    /**
     * A folder's file: left out when unchanged since the base, else packed; its stamp, read before its content, is
     * kept when it is the same after and old enough to be trusted.
     */
    private void packStamped(Path file, String name, BasicFileAttributes attrs, FileStamp walked, Walk walk)
            throws IOException {
        FileStamp stamp = walked;
        // A stamp the earlier walk read is trusted as of when that walk began.
        Instant observed = walked != null ? walk.walked.begun() : null;
        if (stamp == null) {
            try {
                stamp = FileStamp.read(file, name);
            } catch (NoSuchFileException e) {
                if (walk.live) {
                    return;
                }
                throw changed(name, Messages.text("archive.packer.vanished"));
            }
            observed = Instant.now();
        }
        if (walk.unchanged.test(stamp)) {
            walk.unchangedFiles.add(name);
            return;
        }
        Packed packed = packFile(file, name, attrs, walk.writer, walk.live);
        if (packed == null) {
            return;
        }
        walk.digests.add(packed.digest());
        boolean sameStamp = packed.asRead() && stamp.equals(stampOrNull(file, name));
        if (!sameStamp && !walk.live) {
            throw changed(name, Messages.text("archive.packer.metadata-changed"));
        }
        if (sameStamp && stamp.settledBefore(observed, timestampGranularity)) {
            walk.stamps.add(stamp);
        }
    }

    private static FileStamp stampOrNull(Path file, String name) throws IOException {
        try {
            return FileStamp.read(file, name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** @param asRead false when the file changed while it was read (live packs only: strict ones throw) */
    private record Packed(FileDigest digest, boolean asRead) {
    }

    /**
     * Streams one file into a member of the size its attributes gave. Strict: any change fails. Live: a file that
     * vanished before it was opened is left out (null), one that shrank is padded with zeros, one that grew is cut.
     */
    private Packed packFile(Path file, String name, BasicFileAttributes before, ArchiveWriter writer, boolean live)
            throws IOException {
        long size = before.size();
        MessageDigest sha256 = Sha256.newDigest();
        boolean asRead = true;
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            if (live) {
                return null;
            }
            throw changed(name, Messages.text("archive.packer.vanished"));
        }
        try (in) {
            writer.beginFile(name, size, before.lastModifiedTime(), permissions(before, 0644));
            long remaining = size;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int read = in.read(buffer);
                if (read == -1) {
                    if (!live) {
                        throw changed(name, Messages.text("archive.packer.shrank", size, size - remaining));
                    }
                    asRead = false;
                    read = buffer.limit();
                    Arrays.fill(buffer.array(), 0, read, (byte) 0);
                }
                sha256.update(buffer.array(), 0, read);
                writer.write(buffer.array(), 0, read);
                remaining -= read;
            }
            buffer.clear().limit(1);
            if (in.read(buffer) > 0) {
                if (!live) {
                    throw changed(name, Messages.text("archive.packer.grew", size));
                }
                asRead = false;
            }
        }
        writer.endFile();
        afterFileRead.fileRead(file);
        FileState now;
        try {
            now = FileState.of(attributes(file));
        } catch (NoSuchFileException e) {
            if (!live) {
                throw changed(name, Messages.text("archive.packer.vanished"));
            }
            now = null;
        }
        if (!FileState.of(before).equals(now)) {
            if (!live) {
                throw changed(name, Messages.text("archive.packer.resized", size, now.size()));
            }
            asRead = false;
        }
        return new Packed(new FileDigest(name, size, Sha256.hex(sha256)), asRead);
    }

    /** A last walk, metadata only, for files added or removed behind the first one. */
    private static void requireUnchanged(Path source, Map<String, FileState> files, Set<String> directories)
            throws IOException {
        Map<String, FileState> nowFiles = new LinkedHashMap<>();
        Set<String> nowDirectories = new TreeSet<>();
        collect(source, "", nowFiles, nowDirectories);
        for (Map.Entry<String, FileState> file : nowFiles.entrySet()) {
            FileState before = files.get(file.getKey());
            if (before == null) {
                throw changed(file.getKey(), Messages.text("archive.packer.appeared"));
            }
            if (!before.equals(file.getValue())) {
                throw changed(file.getKey(), Messages.text("archive.packer.size-or-date-changed"));
            }
        }
        for (String file : files.keySet()) {
            if (!nowFiles.containsKey(file)) {
                throw changed(file, Messages.text("archive.packer.vanished"));
            }
        }
        if (!nowDirectories.equals(directories)) {
            throw new SourceChangedException(
                    Messages.text("archive.packer.directories-changed", directories, nowDirectories, AGAIN));
        }
    }

    private static void collect(Path dir, String prefix, Map<String, FileState> files, Set<String> directories)
            throws IOException {
        for (Child entry : sortedChildren(dir, false)) {
            String name = prefix + entry.path().getFileName();
            BasicFileAttributes attrs = entry.attrs();
            if (attrs.isDirectory()) {
                directories.add(name);
                collect(entry.path(), name + "/", files, directories);
            } else {
                files.put(name, FileState.of(attrs));
            }
        }
    }

    /**
     * A folder's files, smallest first, then its subfolders, by name: a small descriptor at the top (a snapshot's
     * {@code snapshot.json}) comes before the data it describes, so it is read without decompressing the rest.
     */
    private static List<Child> sortedChildren(Path dir, boolean live) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                try {
                    children.add(new Child(child, attributes(child)));
                } catch (NoSuchFileException vanished) {
                    if (!live) {
                        throw vanished;
                    }
                }
            }
        } catch (NoSuchFileException vanished) {
            // Live: a folder removed behind the walk is the delta's to record.
            if (!live) {
                throw vanished;
            }
        }
        sort(children);
        return children;
    }

    private static void sort(List<Child> children) {
        // Subfolders last: after any file.
        children.sort(Comparator.comparingLong((Child child) -> child.attrs().isDirectory() ? Long.MAX_VALUE
                : child.attrs().size()).thenComparing(child -> child.path().getFileName().toString()));
    }

    /**
     * A folder entry with its attributes, read once (links not followed), and its stamp when a walk taken before read
     * it (else null: read when it is packed).
     */
    private record Child(Path path, BasicFileAttributes attrs, FileStamp stamp) {

        Child(Path path, BasicFileAttributes attrs) {
            this(path, attrs, null);
        }
    }

    /** The children of {@code dir}, in {@link #sortedChildren}'s order, as the walk taken before saw them. */
    private static List<Child> walkedChildren(Path dir, String prefix, Walk walk) {
        if (walk.walkedChildren == null) {
            walk.walkedChildren = new HashMap<>();
            Path root = walk.walked.root();
            walk.walked.entries().forEach((name, entry) -> {
                if (!name.isEmpty()) {
                    int slash = name.lastIndexOf('/');
                    String parent = slash < 0 ? "" : name.substring(0, slash + 1);
                    walk.walkedChildren.computeIfAbsent(parent, key -> new ArrayList<>()).add(new Child(
                            root.resolve(name), new WalkedAttributes(entry), entry.kind() == FolderSnapshot.Kind.FILE
                            ? FileStamp.of(entry) : null));
                }
            });
            walk.walkedChildren.values().forEach(SourcePacker::sort);
        }
        return walk.walkedChildren.getOrDefault(prefix, List.of());
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return POSIX
                ? Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static int permissions(BasicFileAttributes attrs, int otherwise) {
        if (attrs instanceof WalkedAttributes walked) {
            return walked.entry().mode() != null ? walked.entry().mode() : otherwise;
        }
        if (!(attrs instanceof PosixFileAttributes posix)) {
            return otherwise;
        }
        int mode = 0;
        for (PosixFilePermission permission : posix.permissions()) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    /** How every refusal of a source written meanwhile ends. */
    static final String AGAIN = Messages.text("archive.packer.again");

    /** In French, naming the file inside the data and not where the data lives: the message reaches people. */
    private static SourceChangedException changed(String name, String how) {
        return new SourceChangedException(Messages.text("archive.packer.file-changed", name, how, AGAIN));
    }
}
