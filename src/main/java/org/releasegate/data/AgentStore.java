package org.releasegate.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the engine node, the store of an environment whose data it reaches through that environment's agent (its own
 * settings declare no {@code data} for it, or {@code type: agent}: docs/agents.md, "Which node reaches which data").
 * It does what the engine node's steps ask of production's store: a snapshot for an archive, streamed by the agent as
 * a {@link FolderStream} and checked file by file as it arrives; the fingerprint; a scratch store for the restore
 * drill. What only the agent's server can do — quiesce, restore, copy into it — is refused, in French.
 * <p>
 * Both ends of the answers are here: {@link #answer} on the agent, the reading on the engine node, in the frame of
 * {@link AgentAnswer}; a snapshot's result is a JSON header (the store's type, and whether the stream is the data
 * folder itself or an exported snapshot folder) then the {@link FolderStream}; a fingerprint's is its JSON.
 */
final class AgentStore implements DataStore {

    static final String TYPE = "agent";
    private static final Logger LOG = LoggerFactory.getLogger(AgentStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A snapshot streamed as the data folder itself: the engine node writes it under {@code data/} and describes it. */
    private static final String FOLDER_LAYOUT = "folder";
    /** A snapshot folder the agent's store exported (on its server, deleted once sent). */
    private static final String SNAPSHOT_LAYOUT = "snapshot";
    /** A fingerprint lists one line per file or table: far beyond any real store, and bounds what is read. */
    private static final int FINGERPRINT_LIMIT = 256 << 20;

    private final String environment;
    private final String agent;
    private final RemoteData remote;
    private final FolderCopier files;
    private final DataStoreSettings settings;
    /** What the agent last answered for a fingerprint: the tables whose row digests may be asked. */
    private Fingerprint lastFingerprint;

    /** @param settings this node's {@code data} of the environment ({@code type: agent}), or null when it has none */
    AgentStore(String environment, String agent, RemoteData remote, FolderCopier files, DataStoreSettings settings) {
        this.environment = environment;
        this.agent = agent;
        this.remote = remote;
        this.files = files;
        this.settings = settings;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The agent, not a path: the data's path is the agent's server's, never the engine node's. */
    @Override
    public String location() {
        return "agent " + agent;
    }

    /** A folder read while in use is not consistent, and which store the agent has is not known here: never. */
    @Override
    public boolean exportsConsistentlyWhileInUse() {
        return false;
    }

    @Override
    public Optional<String> agent() {
        return Optional.of(agent);
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return fingerprintLike(null);
    }

    @Override
    public Fingerprint fingerprintLike(Fingerprint reference) throws IOException {
        String argument = reference == null ? null : JSON.writeValueAsString(reference);
        try (InputStream in = remote.ask(environment, Operation.FINGERPRINT, argument)) {
            lastFingerprint = JSON.readValue(AgentAnswer.receiveJson(in, agent, environment, FINGERPRINT_LIMIT),
                    Fingerprint.class);
            return lastFingerprint;
        }
    }

    /** Received as the agent streams it, every file checked against the digest the agent computed reading it. */
    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        Snapshot.requireEmptyFolder(emptyFolder);
        try (InputStream in = remote.ask(environment, Operation.SNAPSHOT, null)) {
            DataInputStream answer = accepted(in);
            JsonNode header = JSON.readTree(answer.readUTF());
            String type = header.path("type").asText();
            String layout = header.path("layout").asText();
            Snapshot snapshot;
            if (FOLDER_LAYOUT.equals(layout)) {
                // Read to its end, which the stream checks: the transfer is then complete for both nodes.
                Fingerprint received = Fingerprint.ofFiles(FolderStream.receive(answer,
                        emptyFolder.resolve(DirectoryStore.SNAPSHOT_DATA)));
                snapshot = new Snapshot(Snapshot.FORMAT, DirectoryStore.TYPE, location(), Instant.now().toString(),
                        received, Map.of());
                snapshot.writeTo(emptyFolder);
            } else if (SNAPSHOT_LAYOUT.equals(layout)) {
                Files.delete(emptyFolder);
                StreamedSnapshot.receive(answer, emptyFolder, type);
                snapshot = Snapshot.require(emptyFolder, type);
            } else {
                throw malformed("a snapshot of layout '" + layout + "'");
            }
            FileTrees.fsyncDirectory(emptyFolder);
            LOG.info("Snapshot of {}'s {} store received from {}: {}", environment, type, agent,
                    snapshot.fingerprint().summary());
            return snapshot;
        } catch (EOFException e) {
            throw cut(e);
        }
    }

    /**
     * The row digests the agent's store writes of the tables {@code tables} accepts among those of its fingerprint
     * (the last one this store was given, else a new one), streamed back as a folder.
     *
     * @return false when none was written (no such table, or a store without tables)
     */
    @Override
    public boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        Fingerprint known = lastFingerprint != null ? lastFingerprint : fingerprint();
        List<String> names = known.parts().stream().map(Fingerprint.Part::name).filter(tables).toList();
        if (names.isEmpty()) {
            return false;
        }
        try (InputStream in = remote.ask(environment, Operation.ROWS, JSON.writeValueAsString(names))) {
            DataInputStream answer = accepted(in);
            Files.deleteIfExists(folder);
            return !FolderStream.receive(answer, folder).isEmpty();
        } catch (EOFException e) {
            throw cut(e);
        }
    }

    /**
     * A store of the snapshot's type on the engine node, made when the snapshot is restored into it: a folder for a
     * directory store's snapshot; an H2 file for an H2 one, opened with the user this node's settings give
     * ({@code type: agent} with {@code username} and {@code password}, those of production's database); a PostgreSQL
     * database cannot be made here from what the agent's server knows of it.
     */
    @Override
    public ScratchStore scratch(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new SnapshotScratch(folder);
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        throw refused();
    }

    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        throw refused();
    }

    @Override
    public void checkRestorable(Path snapshotFolder) throws IOException {
        throw refused();
    }

    @Override
    public String quiesce(Duration settle) throws IOException {
        throw refused();
    }

    @Override
    public String quiesceWatchingLater() throws IOException {
        throw refused();
    }

    @Override
    public void reopen() throws IOException {
        throw refused();
    }

    private PermanentStoreFailureException refused() {
        return new PermanentStoreFailureException(Messages.text("data.agent.refused", environment, agent));
    }

    @Override
    public String toString() {
        return "store of " + environment + " through agent " + agent;
    }

    /**
     * On an agent: runs {@code operation} on {@code store} and writes the answer the engine node reads. A failure
     * before anything was sent is answered with a French refusal (the detail goes to this node's log); one after
     * leaves the answer without its end, which the engine node refuses.
     *
     * @return what was sent, for the log
     */
    static String answer(String environment, DataStore store, Operation operation, String argument,
                         OutputStream destination) throws IOException {
        DataOutputStream out = new DataOutputStream(destination);
        return switch (operation) {
            case DATA -> throw new IllegalArgumentException("the data is sent as it is, without an answer's frame");
            case INSTALLED_VERSION -> throw new IllegalArgumentException("the install method answers it, not the store");
            case FINGERPRINT -> AgentAnswer.sendJson(environment, operation, () -> {
                Fingerprint reference = argument == null ? null : JSON.readValue(argument, Fingerprint.class);
                return JSON.writeValueAsBytes(reference == null ? store.fingerprint() : store.fingerprintLike(reference));
            }, out);
            case SNAPSHOT -> snapshot(store, out);
            case ROWS -> rows(store, argument, out);
        };
    }

    private static String snapshot(DataStore store, DataOutputStream out) throws IOException {
        if (store instanceof DirectoryStore directory) {
            out.writeByte(AgentAnswer.OK);
            out.writeUTF(header(DirectoryStore.TYPE, FOLDER_LAYOUT));
            return "data folder, " + FolderStream.write(directory.folder(), out).summary();
        }
        // The export's failure, once the header is sent, ends the stream with its reason ('A').
        out.writeByte(AgentAnswer.OK);
        out.writeUTF(header(store.type(), SNAPSHOT_LAYOUT));
        return "exported snapshot, " + StreamedSnapshot.send(store, out).summary();
    }

    private static String rows(DataStore store, String argument, DataOutputStream out) throws IOException {
        Set<String> tables = Set.copyOf(List.of(JSON.readValue(argument == null ? "[]" : argument, String[].class)));
        // Beside the store, as its snapshot: one 64-bit digest per row of the tables asked.
        try (DumpFolder temporary = DumpFolder.create(DataStores.besideOf(store), "rows")) {
            Path rows = temporary.path().resolve("rows");
            out.writeByte(AgentAnswer.OK);
            // Written while the stream says it comes; none written (no such table): an empty folder.
            Fingerprint sent = FolderStream.writePrepared(() -> {
                store.writeRowDigests(tables::contains, rows);
                return Files.createDirectories(rows);
            }, out);
            return "row digests of " + tables.size() + " table(s), " + sent.summary();
        }
    }

    private static String header(String type, String layout) throws IOException {
        return JSON.writeValueAsString(Map.of("type", type, "layout", layout));
    }

    private DataInputStream accepted(InputStream in) throws IOException {
        return AgentAnswer.accepted(in, agent, environment);
    }

    private TransferCorruptedException malformed(String what) {
        return AgentAnswer.malformed(agent, environment, what);
    }

    private IOException cut(EOFException e) {
        return AgentAnswer.cut(agent, environment, e);
    }

    /**
     * The drill's store: of the snapshot's type, made when the snapshot is restored into it, then doing what that
     * store does; deleted on close.
     */
    private final class SnapshotScratch implements ScratchStore {

        private final Path folder;
        private DataStore restored;

        SnapshotScratch(Path folder) {
            this.folder = folder;
        }

        private DataStore restored() {
            if (restored == null) {
                throw new IllegalStateException("nothing restored yet into the scratch store " + folder);
            }
            return restored;
        }

        @Override
        public StagedData stageRestore(Path snapshotFolder) throws IOException {
            String type = Snapshot.read(snapshotFolder).map(Snapshot::type).orElse(DirectoryStore.TYPE);
            if (DirectoryStore.TYPE.equals(type)) {
                restored = new DirectoryStore(folder.resolve(DirectoryStore.SNAPSHOT_DATA), files);
            } else if (H2Store.TYPE.equals(type) && settings != null && settings.username() != null) {
                restored = new H2Store("environment '" + environment + "' (scratch)", folder.resolve("scratch"
                        + H2Store.FILE_SUFFIX), null, settings.username(), settings.password());
            } else {
                throw new PermanentStoreFailureException(Messages.text("data.agent.no-scratch", environment,
                        Snapshot.kind(type)));
            }
            return restored.stageRestore(snapshotFolder);
        }

        @Override
        public String type() {
            return restored == null ? TYPE : restored.type();
        }

        @Override
        public String location() {
            return folder.toString();
        }

        @Override
        public Fingerprint fingerprint() throws IOException {
            return restored().fingerprint();
        }

        @Override
        public boolean writeRowDigests(Predicate<String> tables, Path rows) throws IOException {
            return restored().writeRowDigests(tables, rows);
        }

        @Override
        public StagedData stageCopyOf(DataStore source) throws IOException {
            return restored().stageCopyOf(source);
        }

        @Override
        public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
            return restored().exportSnapshot(emptyFolder);
        }

        @Override
        public String quiesce(Duration settle) throws IOException {
            return restored().quiesce(settle);
        }

        @Override
        public void reopen() throws IOException {
            restored().reopen();
        }

        @Override
        public ScratchStore scratch(Path other) throws IOException {
            return restored().scratch(other);
        }

        @Override
        public void close() throws IOException {
            FileTrees.deleteRecursively(folder);
        }
    }
}
