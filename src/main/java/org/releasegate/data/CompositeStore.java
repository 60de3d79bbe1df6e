package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;

/**
 * An environment whose data is more than one store: its main store ({@code data}, often a database) and the folders
 * the ERP keeps beside it ({@code files}: attachments, generated documents). They are copied, exported, restored,
 * quiesced and fingerprinted together, as one set: every part is staged and verified before any is swapped in, so a
 * failure while staging leaves every part as it was; the swaps then follow one another, each a rename.
 * <p>
 * Its snapshot holds each part's own snapshot in a subfolder named after the part ({@code data/}, {@code <name>/}),
 * under one {@link Snapshot#FILE_NAME} whose fingerprint is the parts' {@linkplain Fingerprint#combine combined}.
 * Its type names the main store's type and the folders ({@code postgresql+attachments}): only a set of the same
 * shape copies into it or restores its snapshots.
 */
final class CompositeStore implements DataStore {

    /** The main store's name among the parts. */
    static final String MAIN = "data";

    private final Map<String, DataStore> parts;
    private final String type;

    /** @param parts the main store first, under {@link #MAIN}, then the folders by name */
    CompositeStore(Map<String, DataStore> parts) {
        if (!MAIN.equals(parts.keySet().iterator().next())) {
            throw new IllegalArgumentException("the main store comes first, as " + MAIN);
        }
        this.parts = new LinkedHashMap<>(parts);
        this.type = parts.get(MAIN).type() + parts.keySet().stream().skip(1).map(name -> "+" + name)
                .collect(Collectors.joining());
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public boolean exportsConsistentlyWhileInUse() {
        return false;
    }

    @Override
    public String location() {
        return parts.entrySet().stream().map(part -> part.getKey() + ": " + part.getValue().location())
                .collect(Collectors.joining(", "));
    }

    /** The main store (the database), for what only it can do: SQL, the install's data folder. */
    DataStore main() {
        return parts.get(MAIN);
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        Map<String, Fingerprint> each = new LinkedHashMap<>();
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            each.put(part.getKey(), part.getValue().fingerprint());
        }
        return Fingerprint.combine(each);
    }

    @Override
    public Fingerprint fingerprintLike(Fingerprint reference) throws IOException {
        if (!Fingerprint.MIXED.equals(reference.unit())) {
            return fingerprint();
        }
        Map<String, Fingerprint> each = new LinkedHashMap<>();
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            String unit = DelegatingScratchStore.unwrap(part.getValue()) instanceof DirectoryStore
                    ? Fingerprint.BYTES : Fingerprint.ROWS;
            each.put(part.getKey(), part.getValue().fingerprintLike(reference.store(part.getKey(), unit)));
        }
        return Fingerprint.combine(each);
    }

    /** Each store's tables named {@code store/schema.table}, as in the combined fingerprint. */
    @Override
    public boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        boolean any = false;
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            String prefix = part.getKey() + "/";
            Path own = folder.resolve(".part-" + FileTrees.randomSuffix());
            try {
                if (part.getValue().writeRowDigests(name -> tables.test(prefix + name), own)) {
                    RowDigests.moveAll(own, folder, prefix);
                    any = true;
                }
            } finally {
                FileTrees.deleteRecursively(own);
            }
        }
        return any;
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        if (!(DelegatingScratchStore.unwrap(source) instanceof CompositeStore set) || !set.type.equals(type)) {
            throw new IllegalArgumentException("cannot copy a " + source.type() + " store into a " + type + " store");
        }
        return stageEach(name -> parts.get(name).stageCopyOf(set.parts.get(name)));
    }

    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        Snapshot.requireEmptyFolder(emptyFolder);
        Map<String, Fingerprint> each = new LinkedHashMap<>();
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            each.put(part.getKey(), part.getValue().exportSnapshot(emptyFolder.resolve(part.getKey())).fingerprint());
        }
        Snapshot snapshot = new Snapshot(Snapshot.FORMAT, type, location(), Instant.now().toString(),
                Fingerprint.combine(each), Map.of("parts", String.join(",", parts.keySet())));
        snapshot.writeTo(emptyFolder);
        FileTrees.fsyncDirectory(emptyFolder);
        return snapshot;
    }

    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        Snapshot snapshot = Snapshot.require(snapshotFolder, type);
        StagedData staged = stageEach(name -> parts.get(name).stageRestore(snapshotFolder.resolve(name)));
        if (!staged.fingerprint().sameContentAs(snapshot.fingerprint())) {
            staged.close();
            throw new SnapshotRejectedException(Messages.text("data.snapshot.differs"), "snapshot " + snapshotFolder
                    + " does not hold what it describes: " + staged.fingerprint().changesSince(snapshot.fingerprint()));
        }
        return staged;
    }

    @Override
    public ScratchStore scratch(Path folder) throws IOException {
        Map<String, DataStore> scratches = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, DataStore> part : parts.entrySet()) {
                scratches.put(part.getKey(), part.getValue().scratch(folder.resolve(part.getKey())));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(scratches.values().stream().map(ScratchStore.class::cast).toList(), e);
            throw e;
        }
        return new Scratch(new CompositeStore(scratches));
    }

    /**
     * Every part must be quiet; the first that is not stops the others' checks with its reason. The folders are watched
     * from the start, while the databases are closed, and proved together: one settle period for the set.
     */
    @Override
    public String quiesce(Duration settle) throws IOException {
        Map<String, WriteWatch> watches = watches();
        Map<String, String> observed = quiesceEach();
        for (Map.Entry<String, WriteWatch> watch : watches.entrySet()) {
            requireQuiet(watch.getKey(), watch.getValue(), settle)
                    .ifPresent(seen -> observed.put(watch.getKey(), seen));
        }
        return report(observed);
    }

    @Override
    public String quiesceWatchingLater() throws IOException {
        return report(quiesceEach());
    }

    @Override
    public WriteWatch watchForWrites() throws IOException {
        Map<String, WriteWatch> watches = watches();
        return settle -> {
            Map<String, String> observed = new LinkedHashMap<>();
            for (Map.Entry<String, WriteWatch> watch : watches.entrySet()) {
                requireQuiet(watch.getKey(), watch.getValue(), settle)
                        .ifPresent(seen -> observed.put(watch.getKey(), seen));
            }
            return observed.isEmpty() ? Optional.empty() : Optional.of(report(observed));
        };
    }

    /** Every part's watch, begun one after the other. */
    private Map<String, WriteWatch> watches() throws IOException {
        Map<String, WriteWatch> watches = new LinkedHashMap<>();
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            watches.put(part.getKey(), part.getValue().watchForWrites());
        }
        return watches;
    }

    /** Every part quiesced, a folder's watch left to the caller. */
    private Map<String, String> quiesceEach() throws IOException {
        Map<String, String> observed = new LinkedHashMap<>();
        for (Map.Entry<String, DataStore> part : parts.entrySet()) {
            try {
                observed.put(part.getKey(), part.getValue().quiesceWatchingLater());
            } catch (StillInUseException e) {
                throw new StillInUseException(Messages.text("data.part", part.getKey(), e.getMessage()));
            }
        }
        return observed;
    }

    private static Optional<String> requireQuiet(String part, WriteWatch watch, Duration settle) throws IOException {
        try {
            return watch.requireQuietFor(settle);
        } catch (StillInUseException e) {
            throw new StillInUseException(Messages.text("data.part", part, e.getMessage()));
        }
    }

    private static String report(Map<String, String> observed) {
        return observed.entrySet().stream().map(part -> part.getKey() + " : " + part.getValue())
                .collect(Collectors.joining(" ; "));
    }

    @Override
    public void reopen() throws IOException {
        for (DataStore part : parts.values()) {
            part.reopen();
        }
    }

    @Override
    public String toString() {
        return type.toLowerCase(Locale.ROOT) + " store set (" + location() + ")";
    }

    @FunctionalInterface
    private interface Stage {
        StagedData of(String part) throws IOException;
    }

    /** Stages every part; when one fails, those already staged are deleted and nothing was swapped in. */
    private StagedData stageEach(Stage stage) throws IOException {
        Map<String, StagedData> staged = new LinkedHashMap<>();
        try {
            for (String name : parts.keySet()) {
                staged.put(name, stage.of(name));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(List.copyOf(staged.values()), e);
            throw e;
        }
        return new StagedSet(staged);
    }

    private static void closeAll(List<? extends AutoCloseable> opened, Exception failure) {
        for (AutoCloseable each : opened) {
            try {
                each.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Every part staged and verified; published together, the main store last (the ERP's reference). */
    private record StagedSet(Map<String, StagedData> staged) implements StagedData {

        @Override
        public Fingerprint fingerprint() {
            Map<String, Fingerprint> each = new LinkedHashMap<>();
            staged.forEach((name, part) -> each.put(name, part.fingerprint()));
            return Fingerprint.combine(each);
        }

        /**
         * The main store's variables, and {@code RELEASEGATE_FILES_<NAME>_DIR} for each folder (upper case,
         * {@code -} as {@code _}).
         */
        @Override
        public Map<String, String> scriptEnvironment() {
            Map<String, String> environment = new LinkedHashMap<>(staged.get(MAIN).scriptEnvironment());
            staged.forEach((name, part) -> {
                if (!MAIN.equals(name)) {
                    environment.put("RELEASEGATE_FILES_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_DIR",
                            part.scriptEnvironment().get("RELEASEGATE_DATA_DIR"));
                }
            });
            return environment;
        }

        @Override
        public Connection openConnection() throws SQLException {
            return staged.get(MAIN).openConnection();
        }

        @Override
        public void publish() throws IOException {
            for (Map.Entry<String, StagedData> part : staged.entrySet()) {
                if (!MAIN.equals(part.getKey())) {
                    part.getValue().publish();
                }
            }
            staged.get(MAIN).publish();
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (StagedData part : staged.values()) {
                try {
                    part.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** Each part's scratch, removed together. */
    private static final class Scratch extends DelegatingScratchStore {

        private final CompositeStore scratches;

        Scratch(CompositeStore scratches) {
            super(scratches);
            this.scratches = scratches;
        }

        @Override
        public void close() throws IOException {
            List<ScratchStore> each = scratches.parts.values().stream().map(ScratchStore.class::cast).toList();
            IOException failure = new IOException("scratch stores not all removed");
            closeAll(each, failure);
            if (failure.getSuppressed().length > 0) {
                throw failure;
            }
        }
    }
}
