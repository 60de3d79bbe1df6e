package org.releasegate.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * A data folder as one stream, for a copy between machines (docs/agents.md, "Copies between machines"): the source
 * sends each file with the SHA-256 it computed while reading it, and ends with the count, the size and the tree's
 * SHA-256; every hop that reads the stream — the engine node relaying it, the node that stages it — computes each
 * digest again from the bytes it got and refuses the stream at the first difference, before that file's trailer goes
 * on. A stream cut anywhere (a link down, a node killed) never reaches its end frame, so a staged copy is complete and
 * verified, or deleted.
 * <p>
 * Frames, big-endian: the magic line; {@code 'D' path mode mtime} for each folder, parents first; {@code 'F' path mode
 * mtime size bytes 'S' sha256} for each file, {@code 'A' message} instead of {@code 'S' sha256} (or of a frame) when
 * the source saw a file change while it read it (or could not prepare what it sends); {@code 'W'} before the first
 * frame, now and then, while the source still prepares what it sends (a store's export);
 * {@code 'E' files bytes treeSha256} at the end. Paths are relative, '/'-separated, UTF-8, never {@code ..}.
 */
public final class FolderStream {

    private static final System.Logger LOG = System.getLogger(FolderStream.class.getName());
    static final byte[] MAGIC = "RG-FOLDER-STREAM/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIRECTORY = 'D';
    private static final int FILE = 'F';
    private static final int ABORT = 'A';
    private static final int END = 'E';
    /** The source is still preparing what it sends (an export): nothing to do but pass it on. */
    private static final int WAIT = 'W';
    /** How often a source that prepares its content says so: well within any node's idle timeout. */
    private static final long WAIT_MILLIS = 5_000;
    /** Before a file's digest; an {@code 'A'} in its place says the file changed while it was read. */
    private static final int SUM = 'S';
    private static final int SHA256_BYTES = 32;
    private static final int MAX_PATH_BYTES = 4096;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final PosixFilePermission[] PERMISSIONS = PosixFilePermission.values();

    private FolderStream() {
    }

    /**
     * Sends {@code folder} (only read) as a stream.
     *
     * @return what was sent
     * @throws DataCopyVerificationException when a file changed while it was read (the stream then says so to its
     *                                       reader, and ends without its end frame)
     */
    public static Fingerprint write(Path folder, OutputStream destination) throws IOException {
        DataOutputStream out = new DataOutputStream(destination);
        out.write(MAGIC);
        return writeTree(folder, out);
    }

    /**
     * Sends the folder {@code preparation} writes first (a store's export), telling the readers every few seconds
     * meanwhile that the stream goes on ({@code 'W'} frames, passed on by a relay): a slow export does not look like a
     * dead link to them. A preparation that fails ends the stream with a French reason, as a changed file does.
     *
     * @return what was sent
     */
    public static Fingerprint writePrepared(Preparation preparation, OutputStream destination) throws IOException {
        return writePrepared(preparation, destination, WAIT_MILLIS);
    }

    /** {@link #writePrepared(Preparation, OutputStream)}, saying every {@code waitMillis} that the stream goes on. */
    public static Fingerprint writePrepared(Preparation preparation, OutputStream destination, long waitMillis)
            throws IOException {
        DataOutputStream out = new DataOutputStream(destination);
        out.write(MAGIC);
        out.flush();
        Path folder;
        try (Waiting waiting = new Waiting(out, waitMillis)) {
            try {
                folder = preparation.prepare();
            } catch (IOException | RuntimeException e) {
                waiting.close();
                String reason = e instanceof org.releasegate.RejectedInputException ? e.getMessage()
                        : Messages.text("data.stream.not-exported");
                throw abort(out, reason, "the export of what the stream sends failed: " + e);
            }
        }
        return writeTree(folder, out);
    }

    /** What writes the folder {@link #writePrepared} then sends. */
    public interface Preparation {

        /** @return the folder to send */
        Path prepare() throws IOException;
    }

    /** Writes {@code 'W'} frames on a thread of its own until closed; a write that fails ends it. */
    private static final class Waiting implements AutoCloseable {

        private final DataOutputStream out;
        private final long waitMillis;
        private final Thread thread;
        private boolean closed;

        Waiting(DataOutputStream out, long waitMillis) {
            this.out = out;
            this.waitMillis = waitMillis;
            this.thread = new Thread(this::tick, "folder-stream-wait");
            thread.setDaemon(true);
            thread.start();
        }

        private void tick() {
            while (true) {
                try {
                    Thread.sleep(waitMillis);
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        out.writeByte(WAIT);
                        out.flush();
                    }
                } catch (InterruptedException | IOException e) {
                    // closed, or the link is gone: what follows fails on it anyway
                    return;
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            thread.interrupt();
        }
    }

    private static Fingerprint writeTree(Path folder, DataOutputStream out) throws IOException {
        Path root = folder.toRealPath();
        FileTrees.requireDirectory(root);
        List<Path> directories = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Map<String, FileState> seen = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                FileTrees.requireFileOrDirectory(dir, attrs);
                if (!dir.equals(root)) {
                    directories.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                FileTrees.requireFileOrDirectory(file, attrs);
                files.add(file);
                seen.put(FileTrees.relativePath(root, file), FileState.of(attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path dir : directories) {
            BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            out.writeByte(DIRECTORY);
            writePath(out, FileTrees.relativePath(root, dir));
            out.writeInt(mode(dir));
            out.writeLong(attrs.lastModifiedTime().toMillis());
        }
        List<FileDigest> sent = new ArrayList<>();
        MessageDigest sha256 = FolderDigest.newSha256();
        ByteBuffer buffer = ByteBuffer.allocate(FolderDigest.BUFFER_SIZE);
        for (Path file : files) {
            String relative = FileTrees.relativePath(root, file);
            FileState before = seen.get(relative);
            out.writeByte(FILE);
            writePath(out, relative);
            out.writeInt(mode(file));
            out.writeLong(before.lastModified().toMillis());
            out.writeLong(before.size());
            long left = before.size();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                while (left > 0) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                    int read = in.read(buffer);
                    if (read < 0) {
                        // The reader expects the size announced: filler, then the abort in place of the digest.
                        out.write(new byte[(int) Math.min(left, buffer.capacity())]);
                        left -= Math.min(left, buffer.capacity());
                        if (left == 0) {
                            throw abort(out, Messages.text("data.copy.file-changed", relative), "source file " + file
                                    + " shrank while it was sent; copy again once nothing writes to the source");
                        }
                        continue;
                    }
                    sha256.update(buffer.array(), 0, read);
                    out.write(buffer.array(), 0, read);
                    left -= read;
                }
            }
            FileState after = FileState.of(Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
            if (!after.equals(before)) {
                throw abort(out, Messages.text("data.copy.file-changed", relative), changed(file));
            }
            byte[] digest = sha256.digest();
            out.writeByte(SUM);
            out.write(digest);
            sent.add(new FileDigest(relative, before.size(), FolderDigest.hex(digest)));
        }
        requireUnchanged(root, seen, out);
        sent.sort(Comparator.comparing(FileDigest::path));
        out.writeByte(END);
        out.writeLong(sent.size());
        out.writeLong(sent.stream().mapToLong(FileDigest::size).sum());
        out.write(HexFormat.of().parseHex(FolderDigest.treeSha256(sent)));
        out.flush();
        return Fingerprint.ofFiles(sent);
    }

    /**
     * Passes a stream from {@code in} to {@code out}, checking it as it goes: each file's trailer and the end frame
     * are passed on only once the bytes that went through were found to match them.
     *
     * @return what went through
     * @throws TransferCorruptedException    when the bytes do not match their digests, or the stream is malformed
     * @throws DataCopyVerificationException when the source said a file changed while it was read
     * @throws EOFException                  when the stream ended early (the source or the link died)
     */
    public static Fingerprint relay(InputStream in, OutputStream out) throws IOException {
        // The next hop written on a thread of its own: reading this hop and writing the next overlap.
        try (WriteBehind behind = new WriteBehind(false)) {
            DataOutputStream echo = new DataOutputStream(behind.ahead(out));
            List<FileDigest> files = read(in, echo, null);
            echo.flush();
            return Fingerprint.ofFiles(files);
        }
    }

    /**
     * Writes a stream into {@code staging} (created here, must not exist): folders, files, their permissions and
     * modification times. Nothing is forced to disk here: the staged copy is when it is published.
     *
     * @return the files received, each checked against the digest the source sent, sorted by path
     */
    public static List<FileDigest> receive(InputStream in, Path staging) throws IOException {
        Files.createDirectory(staging);
        try (Staging writes = new Staging(staging)) {
            return read(in, null, writes);
        }
    }

    private static List<FileDigest> read(InputStream source, DataOutputStream echo, Staging staging)
            throws IOException {
        DataInputStream in = new DataInputStream(source);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw malformed("not a folder stream of this version (" + FolderStream.class.getSimpleName() + ")");
        }
        if (echo != null) {
            echo.write(MAGIC);
        }
        Set<String> folders = new HashSet<>(Set.of(""));
        Set<String> paths = new HashSet<>();
        List<FileDigest> files = new ArrayList<>();
        MessageDigest sha256 = FolderDigest.newSha256();
        byte[] buffer = new byte[FolderDigest.BUFFER_SIZE];
        while (true) {
            int kind = in.read();
            if (kind < 0) {
                throw cut("the stream ended before its end frame");
            }
            switch (kind) {
                case DIRECTORY, FILE -> {
                    String path = readPath(in);
                    int mode = in.readInt();
                    long mtime = in.readLong();
                    requireNew(path, folders, paths);
                    if (echo != null) {
                        echo.writeByte(kind);
                        writePath(echo, path);
                        echo.writeInt(mode);
                        echo.writeLong(mtime);
                    }
                    if (kind == DIRECTORY) {
                        folders.add(path);
                        if (staging != null) {
                            staging.directory(path, mode, mtime);
                        }
                        continue;
                    }
                    long size = in.readLong();
                    if (size < 0) {
                        throw malformed("negative size for " + path);
                    }
                    if (echo != null) {
                        echo.writeLong(size);
                    }
                    try (OutputStream file = staging == null ? OutputStream.nullOutputStream()
                            : staging.file(path)) {
                        for (long left = size; left > 0; ) {
                            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                            if (read < 0) {
                                throw cut("the stream ended in the middle of " + path);
                            }
                            sha256.update(buffer, 0, read);
                            file.write(buffer, 0, read);
                            if (echo != null) {
                                echo.write(buffer, 0, read);
                            }
                            left -= read;
                        }
                    }
                    byte[] computed = sha256.digest();
                    int trailer = in.read();
                    if (trailer == ABORT) {
                        throw aborted(in, echo);
                    }
                    if (trailer < 0) {
                        throw cut("the stream ended after the content of " + path);
                    }
                    if (trailer != SUM) {
                        throw malformed("no digest after the content of " + path);
                    }
                    byte[] declared = new byte[SHA256_BYTES];
                    in.readFully(declared);
                    if (!MessageDigest.isEqual(computed, declared)) {
                        throw new TransferCorruptedException(Messages.text("transfer.stream.file-altered", path),
                                path + " arrived with SHA-256 " + FolderDigest.hex(computed) + ", not the "
                                + FolderDigest.hex(declared) + " its source computed");
                    }
                    if (echo != null) {
                        echo.writeByte(SUM);
                        echo.write(declared);
                    }
                    if (staging != null) {
                        staging.fileDone(path, mode, mtime);
                    }
                    files.add(new FileDigest(path, size, FolderDigest.hex(computed)));
                }
                case WAIT -> {
                    if (echo != null) {
                        echo.writeByte(WAIT);
                        echo.flush();
                    }
                }
                case ABORT -> throw aborted(in, echo);
                case END -> {
                    long count = in.readLong();
                    long bytes = in.readLong();
                    byte[] tree = new byte[SHA256_BYTES];
                    in.readFully(tree);
                    files.sort(Comparator.comparing(FileDigest::path));
                    String computed = FolderDigest.treeSha256(files);
                    long total = files.stream().mapToLong(FileDigest::size).sum();
                    if (count != files.size() || bytes != total || !computed.equals(FolderDigest.hex(tree))) {
                        throw new TransferCorruptedException(Messages.text("transfer.stream.totals-differ", count,
                                files.size()), "the stream's end says " + count + " files, " + bytes + " bytes, tree"
                                + " SHA-256 " + FolderDigest.hex(tree) + "; it held " + files.size() + " files, "
                                + total + " bytes, tree SHA-256 " + computed);
                    }
                    if (in.read() != -1) {
                        throw malformed("bytes after the stream's end frame");
                    }
                    if (staging != null) {
                        staging.finish();
                    }
                    if (echo != null) {
                        echo.writeByte(END);
                        echo.writeLong(count);
                        echo.writeLong(bytes);
                        echo.write(tree);
                    }
                    return List.copyOf(files);
                }
                default -> throw malformed("unknown frame " + kind + " in the stream");
            }
        }
    }

    /** A path of the tree, never leaving it, given once, inside a folder given before. */
    private static void requireNew(String path, Set<String> folders, Set<String> paths)
            throws TransferCorruptedException {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw malformed("path refused in the stream: " + path);
        }
        for (String name : path.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw malformed("path refused in the stream: " + path);
            }
        }
        int slash = path.lastIndexOf('/');
        if (!folders.contains(slash < 0 ? "" : path.substring(0, slash))) {
            throw malformed(path + " comes before its folder in the stream");
        }
        if (!paths.add(path)) {
            throw malformed(path + " is twice in the stream");
        }
    }

    /**
     * Tells the stream's reader why the source stops: {@code reason}, French and without a server path, is what the
     * person deciding on the copy reads on the test side; {@code detail} stays in this node's log.
     */
    private static DataCopyVerificationException abort(DataOutputStream out, String reason, String detail)
            throws IOException {
        out.writeByte(ABORT);
        writePath(out, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        out.flush();
        return new DataCopyVerificationException(reason, detail);
    }

    /** The source's reason, passed on by a relay, refused by the stager. */
    private static DataCopyVerificationException aborted(DataInputStream in, DataOutputStream echo)
            throws IOException {
        String reason = readPath(in);
        if (echo != null) {
            echo.writeByte(ABORT);
            writePath(echo, reason);
            echo.flush();
        }
        return new DataCopyVerificationException(reason, "the source of the folder stream stopped sending it");
    }

    private static TransferCorruptedException malformed(String detail) {
        return new TransferCorruptedException(Messages.text("transfer.stream.malformed"), detail);
    }

    /** An early end: the source, a node or the link between them stopped during the transfer. */
    private static EOFException cut(String detail) {
        LOG.log(System.Logger.Level.WARNING, "folder stream cut: " + detail);
        return new EOFException(Messages.text("transfer.stream.cut"));
    }

    private static void requireUnchanged(Path root, Map<String, FileState> seen, DataOutputStream out)
            throws IOException {
        Map<String, FileState> now = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                now.put(FileTrees.relativePath(root, file), FileState.of(attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        for (String path : seen.keySet()) {
            if (!now.containsKey(path)) {
                throw abort(out, Messages.text("data.copy.file-disappeared", path), "source file " + root
                        .resolve(path) + " disappeared while the folder was sent");
            }
            if (!seen.get(path).equals(now.get(path))) {
                throw abort(out, Messages.text("data.copy.file-changed", path), changed(root.resolve(path)));
            }
        }
        for (String path : now.keySet()) {
            if (!seen.containsKey(path)) {
                throw abort(out, Messages.text("data.copy.file-appeared", path), "source file " + root.resolve(path)
                        + " appeared while the folder was sent; copy again once nothing writes to the source");
            }
        }
    }

    private static String changed(Path file) {
        return "source file " + file + " was modified while it was sent; copy again once nothing writes to the source";
    }

    private static void writePath(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String readPath(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_PATH_BYTES) {
            throw malformed("a path of " + length + " bytes in the stream");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** rwx bits of owner, group and others; 0644 / 0755 where the file system has none. */
    private static int mode(Path path) throws IOException {
        if (!POSIX) {
            return Files.isDirectory(path) ? 0755 : 0644;
        }
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static void applyMode(Path path, int mode) throws IOException {
        if (!POSIX) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PERMISSIONS) {
            if ((mode & 1 << (8 - permission.ordinal())) != 0) {
                permissions.add(permission);
            }
        }
        // Never without the owner's access: the staged copy must stay readable and deletable by Release Gate.
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.OWNER_WRITE);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    private record FileState(long size, FileTime lastModified) {
        static FileState of(BasicFileAttributes attrs) {
            return new FileState(attrs.size(), attrs.lastModifiedTime());
        }
    }

    /**
     * Where a received stream goes: files written as they come, on a thread of their own ({@link WriteBehind}),
     * folders' attributes set at the end, once every write is done.
     */
    private static final class Staging implements AutoCloseable {

        private final Path root;
        private final WriteBehind writes = new WriteBehind(true);
        private final List<String> directories = new ArrayList<>();
        private final Map<String, long[]> directoryAttributes = new HashMap<>();

        Staging(Path root) {
            this.root = root;
        }

        void directory(String path, int mode, long mtime) throws IOException {
            Files.createDirectory(resolve(path));
            directories.add(path);
            directoryAttributes.put(path, new long[] {mode, mtime});
        }

        OutputStream file(String path) throws IOException {
            return writes.create(resolve(path));
        }

        void fileDone(String path, int mode, long mtime) throws IOException {
            Path file = resolve(path);
            writes.then(() -> {
                applyMode(file, mode);
                Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
            });
        }

        @Override
        public void close() throws IOException {
            writes.close();
        }

        /** Children first: adding entries changed each folder's modification time. */
        void finish() throws IOException {
            writes.drain();
            for (int i = directories.size() - 1; i >= 0; i--) {
                Path dir = resolve(directories.get(i));
                long[] attributes = directoryAttributes.get(directories.get(i));
                applyMode(dir, (int) attributes[0]);
                Files.setLastModifiedTime(dir, FileTime.fromMillis(attributes[1]));
            }
        }

        private Path resolve(String path) throws TransferCorruptedException {
            Path resolved = root.resolve(path).normalize();
            if (!resolved.startsWith(root) || resolved.equals(root)) {
                throw malformed("path refused in the stream: " + path);
            }
            return resolved;
        }
    }
}
