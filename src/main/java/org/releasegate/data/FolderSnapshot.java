package org.releasegate.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every entry under a folder as one walk saw it, metadata only: one {@code lstat} per entry (links not followed, nor
 * walked into). What a watch for writes compares ({@link FolderWatch}) and, for the archive taken under that watch,
 * what its packer takes each file's stamp, size, times and mode from instead of walking the folder again.
 */
public final class FolderSnapshot {

    static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String UNIX_ATTRIBUTES =
            "unix:isDirectory,isRegularFile,isSymbolicLink,size,lastModifiedTime,ctime,ino,dev,mode";

    /** What an entry is. */
    public enum Kind { DIRECTORY, FILE, LINK, OTHER }

    /**
     * One entry, by its path relative to the folder ("" for the folder itself, "/" between names).
     *
     * @param changed change time; null where the platform has none
     * @param inode   inode number; null where the platform has none
     * @param device  device of the inode; null where the platform has none
     * @param mode    permission bits ({@code 0777}); null where the platform has none
     */
    public record Entry(String path, Kind kind, long size, FileTime modified, FileTime changed, Long inode, Long device,
                        Integer mode) {
    }

    private final Path root;
    private final Instant begun;
    private final Map<String, Entry> entries;

    private FolderSnapshot(Path root, Instant begun, Map<String, Entry> entries) {
        this.root = root;
        this.begun = begun;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Walks {@code folder} (a link naming it is followed): entries that vanish meanwhile are left out. */
    public static FolderSnapshot walk(Path folder) throws IOException {
        Instant begun = Instant.now();
        Path root = folder.toRealPath();
        Map<String, Entry> entries = new TreeMap<>();
        Entry top = entry(root, "");
        if (top != null) {
            entries.put("", top);
            if (top.kind() == Kind.DIRECTORY) {
                walk(root, "", entries);
            }
        }
        return new FolderSnapshot(root, begun, entries);
    }

    private static void walk(Path dir, String prefix, Map<String, Entry> entries) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = prefix + child.getFileName();
                Entry entry = entry(child, name);
                if (entry != null) {
                    entries.put(name, entry);
                    if (entry.kind() == Kind.DIRECTORY) {
                        walk(child, name + "/", entries);
                    }
                }
            }
        } catch (NoSuchFileException removedMeanwhile) {
            // Absent from this walk: a change if another walk saw it.
        }
    }

    private static Entry entry(Path path, String name) throws IOException {
        try {
            if (UNIX) {
                Map<String, Object> attrs = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                Kind kind = Boolean.TRUE.equals(attrs.get("isDirectory")) ? Kind.DIRECTORY
                        : Boolean.TRUE.equals(attrs.get("isRegularFile")) ? Kind.FILE
                        : Boolean.TRUE.equals(attrs.get("isSymbolicLink")) ? Kind.LINK : Kind.OTHER;
                return new Entry(name, kind, (Long) attrs.get("size"), (FileTime) attrs.get("lastModifiedTime"),
                        (FileTime) attrs.get("ctime"), (Long) attrs.get("ino"), (Long) attrs.get("dev"),
                        (Integer) attrs.get("mode") & 0777);
            }
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Kind kind = attrs.isDirectory() ? Kind.DIRECTORY : attrs.isRegularFile() ? Kind.FILE
                    : attrs.isSymbolicLink() ? Kind.LINK : Kind.OTHER;
            return new Entry(name, kind, attrs.size(), attrs.lastModifiedTime(), null, null, null, null);
        } catch (NoSuchFileException removedMeanwhile) {
            return null;
        }
    }

    /** The folder walked, its real path. */
    public Path root() {
        return root;
    }

    /** When the walk began: no entry was seen before. */
    public Instant begun() {
        return begun;
    }

    /** Every entry by its relative path, sorted; the folder itself is "". */
    public Map<String, Entry> entries() {
        return entries;
    }
}
