package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What production's data held right after an install, kept beside the archive taken just before it so that a rollback
 * assessment tells what the migration changed from what people entered since: the data's fingerprint, computed as
 * the archive's was; the CSV files the migration changed, as it left them; the row digests of a database's tables
 * ({@link RowDigests}). Taken here on whichever node runs production's install: the engine node records it itself;
 * an agent sends it to the engine node as a {@link FolderStream} of its folder form — {@code after-install.json},
 * {@code after-install/<file>}, {@code after-install-rows/<table>.rows.gz} — which the engine node checks before
 * recording it ({@link #receive}).
 *
 * @param files a few files as the install left them (relative path → content)
 * @param rows  a folder of row digests, when production's tables were read
 */
public record AfterInstallRecord(Fingerprint fingerprint, Map<String, byte[]> files, Optional<Path> rows) {

    /** What the CSV files kept beside one archive may weigh in all. */
    public static final long MAX_KEPT_BYTES = 64L << 20;
    /** Beyond this, a file is not kept (nor read back for a report: its change is told in bytes). */
    public static final int MAX_FILE_BYTES = 8 << 20;
    static final String FINGERPRINT = "after-install.json";
    static final String FILES = "after-install";
    static final String ROWS = "after-install-rows";
    /** A fingerprint lists one line per file or table; this is far beyond any real data. */
    private static final long MAX_FINGERPRINT_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(AfterInstallRecord.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public AfterInstallRecord {
        files = Map.copyOf(files);
    }

    /** Production's files as they are now, when the caller knows a cheaper way than reading them all; else empty. */
    @FunctionalInterface
    public interface FilesNow {
        Optional<Fingerprint> of(Path folder) throws IOException;
    }

    /** Files whose first line names the columns and each further line is one record. */
    public static boolean keepsText(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv");
    }

    /**
     * Takes the record of production's data now, compared with {@code archived}, the fingerprint of the archive taken
     * before the install.
     *
     * @param folder     production's data folder, when its store is a directory
     * @param filesNow   a cheaper read of that folder's files, used when the archive's fingerprint is of files
     * @param rowsFolder a new empty folder for the row digests: deleted when there are none
     * @param where      where the record goes, for the log
     */
    public static AfterInstallRecord take(DataStore production, Optional<Path> folder, Fingerprint archived,
                                          FilesNow filesNow, Path rowsFolder, String where) throws IOException {
        Optional<Fingerprint> cheaper = folder.isPresent() && Fingerprint.BYTES.equals(archived.unit())
                && archived.method() == null ? filesNow.of(folder.get()) : Optional.empty();
        // Computed the way the archive's was, or the two would not compare.
        Fingerprint installed = cheaper.isPresent() ? cheaper.get() : production.fingerprintLike(archived);
        Map<String, byte[]> files = folder.isPresent() ? changedTextFiles(folder.get(), archived, installed)
                : Map.of();
        return new AfterInstallRecord(installed, files, rows(production, rowsFolder, where));
    }

    /**
     * Each record of production's tables as the install left them (a database store), so that the assessment names
     * the records people entered or changed since; empty when the store has no tables or they could not be read.
     */
    private static Optional<Path> rows(DataStore production, Path folder, String where) throws IOException {
        try {
            if (production.writeRowDigests(table -> true, folder)) {
                return Optional.of(folder);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Production's records after the install were not recorded {}: the rollback assessment will"
                    + " count rows rather than name records", where, e);
        }
        FileTrees.deleteRecursively(folder);
        return Optional.empty();
    }

    /**
     * The CSV files the migration changed, as it left them: the archive holds them as they were before, the folder
     * as they are when assessed, but a file changed by both the migration and people since would be told in bytes.
     * Small ones only, and only those still as fingerprinted.
     */
    private static Map<String, byte[]> changedTextFiles(Path folder, Fingerprint archived, Fingerprint installed)
            throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long kept = 0;
        for (Fingerprint.Part part : installed.parts()) {
            if (!kept(part, archived) || kept + part.count() > MAX_KEPT_BYTES) {
                continue;
            }
            byte[] content = Files.readAllBytes(folder.resolve(part.name()));
            if (part.sha256().equals(sha256(content))) {
                files.put(part.name(), content);
                kept += content.length;
            }
        }
        return files;
    }

    /** Whether a file of the data after the install may be kept beside the archive. */
    private static boolean kept(Fingerprint.Part part, Fingerprint archived) {
        return keepsText(part.name()) && part.count() <= MAX_FILE_BYTES
                && !archived.part(part.name()).map(Fingerprint.Part::sha256).filter(part.sha256()::equals).isPresent();
    }

    /** A new folder for {@link #take}'s row digests inside {@code folder}, where {@link #writeTo} leaves them. */
    public static Path newRowsFolder(Path folder) throws IOException {
        return Files.createDirectory(folder.resolve(ROWS));
    }

    /** Writes this record's folder form into {@code folder} (existing, empty but for the rows folder it may hold). */
    public void writeTo(Path folder) throws IOException {
        Files.write(folder.resolve(FINGERPRINT), JSON.writeValueAsBytes(fingerprint));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = inside(folder.resolve(FILES), file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        if (rows.isPresent() && !rows.get().equals(folder.resolve(ROWS))) {
            Files.move(rows.get(), folder.resolve(ROWS), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Receives a record sent by {@link #writeTo} and {@link FolderStream#write} into {@code staging} (created here),
     * and checks it against {@code archived}, the fingerprint of the archive it goes beside: computed alike; nothing
     * but its three parts; each file kept one the fingerprint names as changed since the archive, of that size and
     * SHA-256, none too large, not too many in all; the row digests files of tables. The caller deletes the staging
     * folder.
     *
     * @throws TransferCorruptedException when the record is not one (French; what is wrong in its detail)
     */
    public static AfterInstallRecord receive(InputStream in, Path staging, Fingerprint archived) throws IOException {
        FolderStream.receive(in, staging);
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean known = FINGERPRINT.equals(name) ? Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        : (FILES.equals(name) || ROWS.equals(name)) && Files.isDirectory(entry,
                        LinkOption.NOFOLLOW_LINKS);
                require(known, "unexpected entry " + name);
            }
        }
        Path fingerprintFile = staging.resolve(FINGERPRINT);
        require(Files.isRegularFile(fingerprintFile, LinkOption.NOFOLLOW_LINKS)
                && Files.size(fingerprintFile) <= MAX_FINGERPRINT_BYTES, "no fingerprint, or one too large");
        Fingerprint installed;
        try {
            installed = JSON.readValue(fingerprintFile.toFile(), Fingerprint.class);
        } catch (IOException e) {
            throw refused("unreadable fingerprint: " + e.getMessage());
        }
        require(installed.unit() != null && installed.unit().equals(archived.unit())
                && java.util.Objects.equals(installed.method(), archived.method()), "fingerprint unit "
                + installed.unit() + "/" + installed.method() + ", the archive's " + archived.unit() + "/"
                + archived.method());
        Map<String, byte[]> files = new HashMap<>();
        Path filesFolder = staging.resolve(FILES);
        if (Files.isDirectory(filesFolder, LinkOption.NOFOLLOW_LINKS)) {
            long kept = 0;
            for (FileDigest file : FolderDigest.of(filesFolder)) {
                Optional<Fingerprint.Part> part = installed.part(file.path());
                require(part.isPresent() && kept(part.get(), archived) && part.get().count() == file.size()
                        && part.get().sha256().equals(file.sha256()), "file " + file.path() + " (" + file.size()
                        + " bytes, SHA-256 " + file.sha256() + ") is no changed text file of the fingerprint");
                kept += file.size();
                require(kept <= MAX_KEPT_BYTES, "the files weigh more than " + MAX_KEPT_BYTES + " bytes");
                byte[] content = Files.readAllBytes(filesFolder.resolve(file.path()));
                require(file.sha256().equals(sha256(content)), "file " + file.path() + " changed while checked");
                files.put(file.path(), content);
            }
        }
        Path rowsFolder = staging.resolve(ROWS);
        if (Files.isDirectory(rowsFolder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> tables = Files.list(rowsFolder)) {
                for (Path table : tables.toList()) {
                    require(Files.isRegularFile(table, LinkOption.NOFOLLOW_LINKS) && table.getFileName().toString()
                            .endsWith(RowDigests.SUFFIX), "unexpected entry " + ROWS + "/" + table.getFileName());
                }
            }
            return new AfterInstallRecord(installed, files, Optional.of(rowsFolder));
        }
        return new AfterInstallRecord(installed, files, Optional.empty());
    }

    private static void require(boolean condition, String detail) throws TransferCorruptedException {
        if (!condition) {
            throw refused(detail);
        }
    }

    private static TransferCorruptedException refused(String detail) {
        return new TransferCorruptedException(Messages.text("data.after-install.refused"), detail);
    }

    private static Path inside(Path folder, String relative) {
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder) || file.equals(folder)) {
            throw new IllegalArgumentException("not a relative file path: " + relative);
        }
        return file;
    }

    private static String sha256(byte[] content) {
        return FolderDigest.hex(FolderDigest.newSha256().digest(content));
    }
}
