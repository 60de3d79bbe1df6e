package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** A scratch store that does what its store does; subclasses say how to remove it. */
abstract class DelegatingScratchStore implements DataStore.ScratchStore {

    private final DataStore store;

    DelegatingScratchStore(DataStore store) {
        this.store = store;
    }

    @Override
    public String type() {
        return store.type();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return store.fingerprint();
    }

    @Override
    public Fingerprint fingerprintLike(Fingerprint reference) throws IOException {
        return store.fingerprintLike(reference);
    }

    @Override
    public boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        return store.writeRowDigests(tables, folder);
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        return store.stageCopyOf(source);
    }

    /** The store a scratch store wraps, so that a store's own type checks see through it. */
    static DataStore unwrap(DataStore store) {
        return store instanceof DelegatingScratchStore scratch ? unwrap(scratch.store) : store;
    }

    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        return store.exportSnapshot(emptyFolder);
    }

    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        return store.stageRestore(snapshotFolder);
    }

    @Override
    public void checkRestorable(Path snapshotFolder) throws IOException {
        store.checkRestorable(snapshotFolder);
    }

    @Override
    public String quiesce(Duration settle) throws IOException {
        return store.quiesce(settle);
    }

    @Override
    public String quiesceWatchingLater() throws IOException {
        return store.quiesceWatchingLater();
    }

    @Override
    public WriteWatch watchForWrites() throws IOException {
        return store.watchForWrites();
    }

    @Override
    public void reopen() throws IOException {
        store.reopen();
    }

    @Override
    public ScratchStore scratch(Path folder) throws IOException {
        return store.scratch(folder);
    }
}
