package org.releasegate.archive;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.releasegate.data.FolderSnapshot;

/**
 * What a file's metadata says of its content, recorded when a full archive reads it, so that a later delta archive
 * can tell without reading it that it has not changed. Size and modification time alone miss a write that keeps both
 * (a tool resetting the time, a rename of a copy with the same time): the change time ({@code ctime}, which no
 * program can set back) and the inode catch those, at the price of one stat per file.
 *
 * @param path          the member's name
 * @param modifiedNanos modification time, nanoseconds since the epoch
 * @param changedNanos  status-change time, nanoseconds since the epoch; null where the platform has none
 * @param inode         inode number; null where the platform has none
 * @param device        device of the inode; null where the platform has none
 */
public record FileStamp(String path, long size, long modifiedNanos, Long changedNanos, Long inode, Long device) {

    static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    /** One stat call, links not followed. */
    static FileStamp read(Path file, String name) throws IOException {
        if (UNIX) {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev",
                    LinkOption.NOFOLLOW_LINKS);
            return new FileStamp(name, (Long) attrs.get("size"), nanos((FileTime) attrs.get("lastModifiedTime")),
                    nanos((FileTime) attrs.get("ctime")), (Long) attrs.get("ino"), (Long) attrs.get("dev"));
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new FileStamp(name, attrs.size(), nanos(attrs.lastModifiedTime()), null, null, null);
    }

    /** The stamp a walk read ({@link FolderSnapshot}): the same fields, from the same one stat. */
    static FileStamp of(FolderSnapshot.Entry entry) {
        return new FileStamp(entry.path(), entry.size(), nanos(entry.modified()),
                entry.changed() == null ? null : nanos(entry.changed()), entry.inode(), entry.device());
    }

    /**
     * True when a later write is bound to change this stamp: its times are older, by more than the file system's
     * timestamp granularity, than {@code observedAt}. A file written in the same tick as it was read could be written
     * again within that tick and keep its times (git's "racily clean" problem); such a file gets no stamp, and a delta
     * archives it again.
     */
    boolean settledBefore(Instant observedAt, Duration granularity) {
        long limit = nanos(FileTime.from(observedAt.minus(granularity)));
        return modifiedNanos < limit && (changedNanos == null || changedNanos < limit);
    }

    private static long nanos(FileTime time) {
        Instant instant = time.toInstant();
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
