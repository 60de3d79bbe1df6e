package org.releasegate.archive;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last manifests read and checked, each with the stamp its file had, settled, before it was read
 * ({@link ArchiveStore#readManifest}): one is given again only to a reader that finds its file with that very stamp.
 * A few entries, least recently used dropped first: a base's manifest lists every file of production's data.
 */
final class ManifestCache {

    private static final int ENTRIES = 8;

    private record Entry(FileStamp stamp, Manifest manifest) {
    }

    private final Map<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            return size() > ENTRIES;
        }
    };

    /** The manifest read from {@code file} when it had {@code stamp}; null when none (or no stamp). */
    synchronized Manifest get(Path file, FileStamp stamp) {
        Entry entry = stamp == null ? null : entries.get(file);
        return entry != null && entry.stamp().equals(stamp) && stamp.changedNanos() != null ? entry.manifest() : null;
    }

    synchronized void put(Path file, FileStamp stamp, Manifest manifest) {
        entries.put(file, new Entry(stamp, manifest));
    }
}
