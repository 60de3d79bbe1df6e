package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStore;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.Fingerprint.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production's records in the states a loss report compares, each a folder of row digests of the tables whose
 * fingerprint changed: as archived (the archive restored into a scratch store of production's type, removed at once;
 * production is only read), as the install left them (kept beside the archive) and now. Only the tables that changed
 * are read, and the archive is restored only when the migration changed some. For a folder store there are none:
 * the report then tells files as before.
 */
class RecordStates {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStates.class);

    enum State { ARCHIVED, INSTALLED, NOW }

    private final Map<State, Path> folders;
    private final Map<String, Optional<RecordChanges>> compared = new HashMap<>();

    RecordStates(Map<State, Path> folders) {
        this.folders = Map.copyOf(folders);
    }

    static RecordStates none() {
        return new RecordStates(Map.of());
    }

    /**
     * Reads the states; never fails the assessment: what cannot be read is left out and told in counts.
     *
     * @param scratch      an empty folder of the step's own, deleted by the caller
     * @param afterInstall production's fingerprint right after the install, when recorded and comparable
     */
    static RecordStates read(DataStore production, DataArchives dataArchives, String archiveId, Path scratch,
                             Fingerprint archived, Optional<Fingerprint> afterInstall, Fingerprint now) {
        Map<State, Path> folders = new EnumMap<>(State.class);
        try {
            Set<String> changed = changedTables(Stream.concat(Stream.of(now.changesSince(archived)),
                    afterInstall.stream().flatMap(installed -> Stream.of(installed.changesSince(archived),
                            now.changesSince(installed)))).toList(), archived, now);
            Optional<Path> installedRows = afterInstall.isPresent() ? dataArchives.rowsAfterInstall(archiveId)
                    : Optional.empty();
            if (afterInstall.isPresent() && installedRows.isEmpty()) {
                // The report compares with the state after the install, whose records were not kept (recorded by an
                // earlier Release Gate, or unreadable then): tables are told in rows, nothing to read.
                return none();
            }
            if (changed.isEmpty() || !production.writeRowDigests(changed::contains, scratch.resolve("rows-now"))) {
                return none();
            }
            folders.put(State.NOW, scratch.resolve("rows-now"));
            installedRows.ifPresent(rows -> folders.put(State.INSTALLED, rows));
            // With the state after the install, the archive is only compared with it: only what the migration changed.
            Set<String> fromArchive = installedRows.isPresent()
                    ? changedTables(List.of(afterInstall.get().changesSince(archived)), archived, afterInstall.get())
                    : changed;
            if (!fromArchive.isEmpty()) {
                Path extracted = dataArchives.extract(archiveId, scratch.resolve("archive"));
                try (DataStore.ScratchStore restored = production.scratch(scratch.resolve("restored"))) {
                    restored.restoreSnapshot(extracted);
                    restored.writeRowDigests(fromArchive::contains, scratch.resolve("rows-archived"));
                }
                ScratchFolders.deleteQuietly(extracted);
                folders.put(State.ARCHIVED, scratch.resolve("rows-archived"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Production's records could not all be compared with archive {}; the report counts rows where it"
                    + " cannot name records", archiveId, e);
        }
        return new RecordStates(folders);
    }

    /** The tables (not files, not the large objects) whose content changed in place. */
    private static Set<String> changedTables(List<List<Change>> changes, Fingerprint archived, Fingerprint now) {
        Set<String> tables = new TreeSet<>();
        changes.stream().flatMap(List::stream).filter(change -> change.kind() == Change.Kind.CHANGED)
                .filter(change -> Fingerprint.ROWS.equals(now.unitOf(change.name()))
                        || Fingerprint.ROWS.equals(archived.unitOf(change.name())))
                .map(Change::name).filter(name -> !name.endsWith(Fingerprint.LARGE_OBJECTS))
                .forEach(tables::add);
        return tables;
    }

    /** How {@code table} changed from one state to the other, record by record; empty when either is not known. */
    Optional<RecordChanges> between(State then, State now, String table) {
        Path before = folders.get(then);
        Path after = folders.get(now);
        if (before == null || after == null) {
            return Optional.empty();
        }
        return compared.computeIfAbsent(then + "\t" + now + "\t" + table, key -> {
            try {
                return RecordChanges.between(before, after, table);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not compare the records of {} ({} → {})", table, then, now, e);
                return Optional.empty();
            }
        });
    }

    @Override
    public String toString() {
        return "records in " + Objects.toString(folders.keySet());
    }
}
