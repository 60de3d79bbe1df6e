package org.releasegate.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.releasegate.message.Messages;

/**
 * The processes that hold a file of a folder open for writing, as Linux's {@code /proc} tells: every process's open
 * files ({@code /proc/<pid>/fd}, with their access mode in {@code fdinfo}) and its shared writable mappings
 * ({@code /proc/<pid>/maps}), matched by device and inode (whatever path or mount the process used) or by path.
 * <p>
 * A writer found is found; that none was found only means none writes where {@code /proc} can see every writer
 * ({@link Scan#complete}): Linux, this process in the initial PID namespace (not in a container, which sees its own
 * processes only), {@code /proc} without {@code hidepid}, the folder on a local file system (a network file system's
 * writers are on other machines), no kernel NFS server exporting anything (it writes without a process's open file),
 * and every process's open files and mappings readable (run as root; even root may not read some, such as a
 * sandbox's init).
 */
final class OpenWriters {

    /** The initial PID namespace's inode (PROC_PID_INIT_INO): other namespaces see only their own processes. */
    private static final String INITIAL_PID_NAMESPACE = "pid:[4026531836]";
    private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs",
            "f2fs", "zfs", "jfs", "bcachefs", "reiserfs");
    private static final Path PROC = Path.of("/proc");

    private final String folderPrefix;
    private final boolean everyWriterVisible;

    private OpenWriters(Path realFolder, boolean everyWriterVisible) {
        this.folderPrefix = realFolder + "/";
        this.everyWriterVisible = everyWriterVisible;
    }

    /**
     * @param writers  each process found holding files of the folder open for writing, in French
     * @param complete whether every process that could write to the folder was seen: only then does an empty list
     *                 say that none does
     */
    record Scan(List<String> writers, boolean complete) {
    }

    /** A file by device and inode. */
    record FileKey(long device, long inode) {
    }

    /** Empty where there is no {@code /proc} to ask (not Linux). */
    static Optional<OpenWriters> of(Path folder) {
        try {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    || !Files.isDirectory(PROC.resolve("self/fd"))) {
                return Optional.empty();
            }
            boolean visible = INITIAL_PID_NAMESPACE.equals(Files.readSymbolicLink(PROC.resolve("self/ns/pid"))
                    .toString()) && !procHidesProcesses() && !nfsServerExports()
                    && LOCAL_FILE_SYSTEMS.contains(Files.getFileStore(folder).type());
            return Optional.of(new OpenWriters(folder.toRealPath(), visible));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean procHidesProcesses() throws IOException {
        for (String line : Files.readAllLines(PROC.resolve("self/mounts"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 3 && "proc".equals(fields[2]) && "/proc".equals(fields[1])) {
                for (String option : fields[3].split(",")) {
                    if (option.startsWith("hidepid=") && !option.equals("hidepid=0") && !option.equals("hidepid=off")
                            || option.startsWith("subset=")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean nfsServerExports() throws IOException {
        Path exports = PROC.resolve("fs/nfsd/exports");
        if (!Files.isReadable(exports)) {
            return false;
        }
        return Files.readAllLines(exports, StandardCharsets.UTF_8).stream()
                .anyMatch(line -> !line.isBlank() && !line.startsWith("#"));
    }

    /**
     * Every process holding one of {@code files} (or any file under the folder) open for writing, described in French
     * (« « journal.log » (processus 4242 gestan) »).
     *
     * @param files the folder's files by device and inode, with their paths relative to the folder
     */
    Scan scan(Map<FileKey, String> files) throws IOException {
        List<String> writers = new ArrayList<>();
        boolean complete = everyWriterVisible;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC,
                entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try {
                    complete &= scanProcess(process, files, writers);
                } catch (NoSuchFileException ended) {
                    // The process ended meanwhile: it writes no more.
                }
            }
        }
        return new Scan(writers, complete);
    }

    /** False when some of the process's files or mappings may not be read. */
    private boolean scanProcess(Path process, Map<FileKey, String> files, List<String> writers) throws IOException {
        List<String> found = new ArrayList<>();
        boolean readable = true;
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                String file = fileOf(descriptor, files);
                if (file != null && writable(process.resolve("fdinfo").resolve(descriptor.getFileName()))) {
                    found.add(file);
                }
            }
        } catch (AccessDeniedException denied) {
            readable = false;
        }
        try {
            for (String line : Files.readAllLines(process.resolve("maps"), StandardCharsets.ISO_8859_1)) {
                // address perms offset dev inode path: a shared writable mapping writes the file without write().
                int perms = line.indexOf(' ') + 1;
                if (perms == 0 || line.length() < perms + 4 || line.charAt(perms + 1) != 'w'
                        || line.charAt(perms + 3) != 's') {
                    continue;
                }
                String[] fields = line.trim().split("\\s+", 6);
                if (fields.length >= 5 && !"0".equals(fields[4])) {
                    String file = mappedFile(fields, files);
                    if (file != null) {
                        found.add(file);
                    }
                }
            }
        } catch (AccessDeniedException denied) {
            readable = false;
        }
        if (!found.isEmpty()) {
            writers.add(Messages.text("data.quiesce.writer", found.stream().distinct().limit(3)
                    .map(name -> Messages.text("data.quiesce.file", name)).collect(Collectors.joining(", ")),
                    process.getFileName().toString(), name(process)));
        }
        return readable;
    }

    /** The folder's file this descriptor opens, or null (another file, a socket, closed meanwhile). */
    private String fileOf(Path descriptor, Map<FileKey, String> files) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            if (target.startsWith(folderPrefix)) {
                return target.substring(folderPrefix.length()).replace(" (deleted)", "");
            }
            // Sockets, pipes and kernel objects hold no file of the folder.
            if (!target.startsWith("/") || target.startsWith("/proc/") || target.startsWith("/dev/")
                    || target.startsWith("/sys/")) {
                return null;
            }
            Map<String, Object> attrs = Files.readAttributes(descriptor, "unix:dev,ino");
            return files.get(new FileKey((Long) attrs.get("dev"), (Long) attrs.get("ino")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String mappedFile(String[] fields, Map<FileKey, String> files) {
        if (fields.length == 6 && fields[5].startsWith(folderPrefix)) {
            return fields[5].substring(folderPrefix.length()).replace(" (deleted)", "");
        }
        String[] device = fields[3].split(":");
        try {
            long major = Long.parseLong(device[0], 16);
            long minor = Long.parseLong(device[1], 16);
            long inode = Long.parseLong(fields[4]);
            return files.get(new FileKey(encode(major, minor), inode));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code st_dev} as glibc's makedev encodes it (what Java's {@code unix:dev} gives). */
    static long encode(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }

    /** Whether the descriptor was opened for writing ({@code O_WRONLY} or {@code O_RDWR} in its flags). */
    private static boolean writable(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("flags:")) {
                    return (Long.parseLong(line.substring(6).trim(), 8) & 3) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Closed meanwhile: it writes no more through this descriptor.
        }
        return false;
    }

    private static String name(Path process) {
        try {
            return Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
