package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;

/**
 * The description a data store writes as {@code snapshot.json} beside the content of a snapshot it exports
 * ({@code data/} for a directory, {@code database.zip} for H2, {@code dump/} for PostgreSQL): enough to restore it
 * into a store of the same type, prove the restore equals what was exported, and tell what a restore would undo.
 *
 * @param format      {@link #FORMAT}
 * @param type        the store type that exported it, and the only one that can restore it
 * @param source      where it was exported from (no credentials)
 * @param createdAt   ISO-8601 instant
 * @param fingerprint the content exported
 * @param properties  type-specific facts (tool versions, encoding, …)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(String format, String type, String source, String createdAt, Fingerprint fingerprint,
                       Map<String, String> properties) {

    public static final String FORMAT = "release-gate-snapshot/1";
    public static final String FILE_NAME = "snapshot.json";
    /** In a snapshot of a {@code directory} store (one taken through an agent), the folder holding its files. */
    public static final String FOLDER_DATA = DirectoryStore.SNAPSHOT_DATA;

    private static final ObjectMapper JSON = new ObjectMapper();

    public Snapshot {
        properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
    }

    /** The descriptor of a snapshot folder, or empty when the folder has none (a folder archived before stores had snapshots). */
    public static Optional<Snapshot> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(folder)) {
                throw new NoSuchFileException(folder.toString(), null, "snapshot folder does not exist");
            }
            return Optional.empty();
        }
        return Optional.of(parse(Files.readAllBytes(file), "snapshot " + folder));
    }

    /**
     * A descriptor read from elsewhere (an archive member).
     *
     * @param where names the snapshot in messages
     */
    public static Snapshot parse(byte[] json, String where) throws SnapshotRejectedException {
        Snapshot snapshot;
        try {
            snapshot = JSON.readValue(json, Snapshot.class);
        } catch (IOException e) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"), where + ": " + FILE_NAME
                    + " is unreadable: "
                    + (e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.getMessage()));
        }
        if (snapshot == null || !FORMAT.equals(snapshot.format()) || snapshot.type() == null
                || snapshot.fingerprint() == null) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"),
                    where + ": " + FILE_NAME + " is not a " + FORMAT + " description");
        }
        return snapshot;
    }

    /** Reads a descriptor that must exist and name {@code type}. */
    static Snapshot require(Path folder, String type) throws IOException {
        Snapshot snapshot = read(folder).orElseThrow(() -> new SnapshotRejectedException(
                Messages.text("data.snapshot.unreadable"), "snapshot " + folder + " has no " + FILE_NAME
                + ": it was not exported by a " + type + " data store"));
        if (!type.equals(snapshot.type())) {
            throw otherKind(folder, snapshot.type(), type);
        }
        return snapshot;
    }

    /** A snapshot of one kind of store offered to another: the kinds named as people know them. */
    static SnapshotRejectedException otherKind(Path folder, String snapshotType, String storeType) {
        return new SnapshotRejectedException(Messages.text("data.snapshot.other-kind", kind(snapshotType),
                kind(storeType)), "snapshot " + folder + " holds a " + snapshotType + " store; it cannot be restored "
                + "into a " + storeType + " store");
    }

    /** « un dossier de données », « une base H2 »…, for people. */
    static String kind(String type) {
        return switch (type == null ? "" : type) {
            case DirectoryStore.TYPE -> Messages.text("data.kind.directory");
            case H2Store.TYPE -> Messages.text("data.kind.h2");
            case PostgresStore.TYPE -> Messages.text("data.kind.postgresql");
            default -> Messages.text("data.kind.set");
        };
    }

    void writeTo(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileTrees.fsyncFile(file);
    }

    /** Refuses a folder that is not empty: an export never mixes with what was there. */
    static void requireEmptyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (var children = Files.list(folder)) {
            if (children.findAny().isPresent()) {
                throw new IOException("snapshot folder " + folder + " is not empty");
            }
        }
    }
}
