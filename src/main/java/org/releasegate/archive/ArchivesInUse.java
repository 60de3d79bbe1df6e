package org.releasegate.archive;

import java.util.Set;

/**
 * What retention must never delete, as seen at one moment.
 *
 * @param ids               archive ids that running releases hold in their variables
 * @param taskIds           ids of the automated steps running now: an archive whose id ends with {@code -<task id>}
 *                          is being made or was just made by one of them, before its id reached a variable
 * @param installerVersions versions whose latest installer archive is needed: the one production runs, and the one
 *                          each running release would restore
 * @param releaseIds        the running releases (process instance ids): their restored bases are kept
 */
public record ArchivesInUse(Set<String> ids, Set<String> taskIds, Set<String> installerVersions,
                            Set<String> releaseIds) {

    public ArchivesInUse {
        ids = Set.copyOf(ids);
        taskIds = Set.copyOf(taskIds);
        installerVersions = Set.copyOf(installerVersions);
        releaseIds = Set.copyOf(releaseIds);
    }

    public ArchivesInUse(Set<String> ids, Set<String> taskIds, Set<String> installerVersions) {
        this(ids, taskIds, installerVersions, Set.of());
    }

    /**
     * True for an archive id a release holds or that carries a running task's id, for a running task's id and for a
     * running release's id.
     */
    boolean holds(String name) {
        return ids.contains(name) || taskIds.contains(name) || releaseIds.contains(name)
                || taskIds.stream().anyMatch(task -> name.endsWith("-" + task));
    }

    /** Reads what is in use now; throws rather than answer partly, so that retention then deletes nothing. */
    @FunctionalInterface
    public interface Source {
        ArchivesInUse now() throws Exception;
    }
}
