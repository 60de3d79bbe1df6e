package org.releasegate.archive;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.releasegate.files.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old archives: of each kind, the newest {@code keepLast} are kept, and so is every archive still in use —
 * named by a running release, being made by a running step, the latest production-data archive (what production
 * would be restored from), and the latest installer archive of the version production runs and of the version each
 * running release would restore. The base of every kept delta is kept too. Archives whose manifest is unreadable are
 * never deleted (they are not listed).
 */
public class ArchiveRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRetention.class);
    private static final Duration WORK_FOLDER_GRACE = Duration.ofHours(1);

    private final ArchiveStore store;
    private final int keepLast;
    private final ArchivesInUse.Source inUse;

    /** @param keepLast archives kept per kind whatever their use; 0 turns retention off (every archive is kept) */
    public ArchiveRetention(ArchiveStore store, int keepLast, ArchivesInUse.Source inUse) {
        if (keepLast < 0) {
            throw new IllegalArgumentException("releasegate.archive.retention.keep-last must be 0 (keep every archive) "
                    + "or more, not " + keepLast);
        }
        this.store = store;
        this.keepLast = keepLast;
        this.inUse = inUse;
    }

    public boolean enabled() {
        return keepLast > 0;
    }

    /**
     * Deletes what retention does not keep.
     *
     * @return the deleted archives, oldest first
     */
    public List<Archive> apply() throws Exception {
        if (!enabled()) {
            return List.of();
        }
        store.deleteLeftoversOfDeletions();
        // Read before the list, so every listed archive that a release or a running step holds is seen as held.
        ArchivesInUse used = inUse.now();
        deleteDeadWorkFolders(used);
        List<Archive> archives = store.list();
        Set<String> kept = kept(archives, used);
        List<Archive> deleted = new ArrayList<>();
        for (Archive archive : archives) {
            if (!kept.contains(archive.id())) {
                store.delete(archive.id());
                LOG.info("Archive {} ({} {}, {}) deleted by retention (keep-last {})", archive.id(), archive.kind(),
                        archive.version(), archive.createdAt(), keepLast);
                deleted.add(archive);
            }
        }
        return deleted;
    }

    /**
     * Attempts and scratch folders of steps that are no longer running (a crashed attempt nobody retried, a release
     * deleted meanwhile). Recent ones are left alone too, for work that carries no task id.
     */
    private void deleteDeadWorkFolders(ArchivesInUse used) throws IOException {
        Instant recent = store.now().minus(WORK_FOLDER_GRACE);
        for (ArchiveStore.WorkFolder folder : store.workFolders()) {
            if (!used.holds(folder.owner()) && folder.modified().isBefore(recent)) {
                FileTrees.deleteRecursively(folder.path());
                LOG.info("Work folder {} of a step no longer running deleted by retention", folder.path());
            }
        }
    }

    private Set<String> kept(List<Archive> archives, ArchivesInUse used) {
        Set<String> kept = new HashSet<>();
        List<Archive> newestFirst = archives.stream()
                .sorted(Comparator.comparing(Archive::createdAt).thenComparing(Archive::id).reversed())
                .toList();
        for (ArchiveKind kind : ArchiveKind.values()) {
            newestFirst.stream().filter(archive -> archive.kind() == kind).limit(keepLast)
                    .forEach(archive -> kept.add(archive.id()));
        }
        newestFirst.stream().filter(archive -> archive.kind() == ArchiveKind.PRODUCTION_DATA).findFirst()
                .ifPresent(archive -> kept.add(archive.id()));
        for (String version : used.installerVersions()) {
            newestFirst.stream()
                    .filter(archive -> archive.kind() == ArchiveKind.INSTALLER && Objects.equals(archive.version(), version))
                    .findFirst()
                    .ifPresent(archive -> kept.add(archive.id()));
        }
        archives.stream().filter(archive -> used.holds(archive.id())).forEach(archive -> kept.add(archive.id()));
        // A kept delta restores only with its base.
        archives.stream().filter(archive -> kept.contains(archive.id()) && archive.baseId() != null)
                .forEach(archive -> kept.add(archive.baseId()));
        return kept;
    }

    /** For steps: retention is housekeeping, so its failure is logged and never fails the release. */
    public void applyAfterArchiving() {
        try {
            apply();
        } catch (Exception e) {
            LOG.warn("Archive retention stopped (the archives it did not reach are kept): {}", e.getMessage(), e);
        }
    }
}
