package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;

/**
 * The {@code h2} store: an H2 2.x database file ({@code <name>.mv.db}). A source is read online with
 * {@code BACKUP TO} (a consistent zip of the file, taken while it is in use); a target is replaced by unpacking
 * that zip into a staged file beside it, verified table by table, then renamed over it. The target must not be open
 * while it is swapped (stop the application using it): a process holding the old file would not see the new one.
 */
final class H2Store implements DataStore {

    static final String TYPE = "h2";
    static final String FILE_SUFFIX = ".mv.db";
    static final String SNAPSHOT_ZIP = "database.zip";

    private final String label;
    private final Path file;
    private final String url;
    private final String username;
    private final String password;

    /**
     * @param file the database file, {@code …/<name>.mv.db}
     * @param url  how to reach it while it is in use (a server or {@code AUTO_SERVER} URL), or null to open the file
     *             read-only
     */
    /** The database file. */
    Path file() {
        return file;
    }

    H2Store(String label, Path file, String url, String username, String password) {
        this.label = label;
        this.file = file.toAbsolutePath().normalize();
        if (!this.file.getFileName().toString().endsWith(FILE_SUFFIX) || baseName(this.file).isEmpty()) {
            throw new IllegalArgumentException(label + ": an h2 path names the database file, ending with "
                    + FILE_SUFFIX + ": " + file);
        }
        // Read-only and without a trace file: H2 writes to a file it merely opens, and a source stays byte-identical.
        this.url = url == null || url.isBlank() ? readOnlyUrl(this.file) : url;
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return fingerprint(url, username, password, label);
    }

    @Override
    public boolean writeRowDigests(Predicate<String> tables, Path folder) throws IOException {
        try (Connection connection = connect(url, username, password, label)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            H2RowDigests.write(connection, tables, folder);
            connection.rollback();
            return true;
        } catch (SQLException e) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.read", where(label)),
                    label + ": cannot read the rows of H2 database " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StagedData stageCopyOf(DataStore source) throws IOException {
        if (!(DelegatingScratchStore.unwrap(source) instanceof H2Store h2)) {
            throw new IllegalArgumentException("cannot copy a " + source.type() + " store into an h2 store");
        }
        if (h2.file.equals(file)) {
            throw new DataStoreConfigurationException(label + ": the copy source " + file + " is this very database");
        }
        Path staging = newStaging();
        try {
            Path zip = staging.resolve(SNAPSHOT_ZIP);
            Fingerprint copied = h2.consistentBackup(zip);
            Path stagedFile = unpack(zip, staging);
            Files.delete(zip);
            // The copy holds the source's users: it is opened with the source's credentials.
            Fingerprint staged = fingerprint(readOnlyUrl(stagedFile), h2.username, h2.password, label + " (staged copy)");
            if (!staged.sameContentAs(copied)) {
                throw new DataCopyVerificationException(Messages.text("data.copy.staged-differs"), "the staged copy "
                        + "of " + h2.location() + " differs from its source: " + staged.changesSince(copied));
            }
            return new StagedFile(staging, stagedFile, copied, h2.username, h2.password);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(staging, e);
            throw e;
        }
    }

    @Override
    public Snapshot exportSnapshot(Path emptyFolder) throws IOException {
        Snapshot.requireEmptyFolder(emptyFolder);
        Path zip = emptyFolder.resolve(SNAPSHOT_ZIP);
        try {
            Fingerprint exported = consistentBackup(zip);
            requireOneDatabaseFile(zip);
            FileTrees.fsyncFile(zip);
            Snapshot snapshot = new Snapshot(Snapshot.FORMAT, TYPE, location(), Instant.now().toString(), exported,
                    Map.of("h2Version", org.h2.engine.Constants.FULL_VERSION));
            snapshot.writeTo(emptyFolder);
            FileTrees.fsyncDirectory(emptyFolder);
            return snapshot;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(emptyFolder.resolve(Snapshot.FILE_NAME));
            Files.deleteIfExists(zip);
            throw e;
        }
    }

    @Override
    public StagedData stageRestore(Path snapshotFolder) throws IOException {
        Snapshot snapshot = Snapshot.require(snapshotFolder, TYPE);
        Path zip = snapshotFolder.resolve(SNAPSHOT_ZIP);
        if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"),
                    "snapshot " + snapshotFolder + " lacks " + SNAPSHOT_ZIP);
        }
        Path staging = newStaging();
        try {
            Path stagedFile = unpack(zip, staging);
            Fingerprint restored = fingerprint(readOnlyUrl(stagedFile), username, password, label + " (staged restore)");
            if (!restored.sameContentAs(snapshot.fingerprint())) {
                throw new SnapshotRejectedException(Messages.text("data.snapshot.differs"), "snapshot "
                        + snapshotFolder + " does not restore what it describes: "
                        + restored.changesSince(snapshot.fingerprint()));
            }
            return new StagedFile(staging, stagedFile, restored, username, password);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(staging, e);
            throw e;
        }
    }

    /**
     * H2 locks the file of an open database: a file that can be locked here is held by no application. Nothing is
     * kept locked afterwards (Release Gate's own backups and restores open the file again).
     */
    @Override
    public String quiesce(Duration settle) throws IOException {
        try {
            requireNotInUse(file);
        } catch (DataStoreUnavailableException inUse) {
            throw new StillInUseException(Messages.text("data.quiesce.h2-open", DataStores.environmentOf(label)));
        }
        return Messages.text("data.quiesce.h2-closed");
    }

    /** Nothing was closed: the application opens the file again when it starts. */
    @Override
    public void reopen() {
    }

    @Override
    public ScratchStore scratch(Path folder) throws IOException {
        Files.createDirectories(folder);
        H2Store store = new H2Store(label + " (scratch)", folder.resolve(file.getFileName()), null, username, password);
        return new DelegatingScratchStore(store) {
            @Override
            public void close() throws IOException {
                FileTrees.deleteRecursively(folder);
            }
        };
    }

    @Override
    public String toString() {
        return "h2 store " + file;
    }

    /**
     * {@code BACKUP TO} the zip, between two fingerprints of the source: when they are equal, nothing changed and the
     * backup holds exactly that content.
     */
    private Fingerprint consistentBackup(Path zip) throws IOException {
        Fingerprint before = fingerprint();
        try (Connection connection = connect(url, username, password, label);
             Statement statement = connection.createStatement()) {
            statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.backup", where(label)),
                    label + ": BACKUP TO " + zip + " failed: " + e.getMessage(), e);
        }
        Fingerprint after = fingerprint();
        if (!after.sameContentAs(before)) {
            throw new DataCopyVerificationException(Messages.text("data.copy.database-changed"), "database "
                    + location() + " was modified while it was copied (" + after.changesSince(before) + ")");
        }
        return before;
    }

    /** Unpacks the zip's one database file into {@code staging} under this store's file name. */
    private Path unpack(Path zip, Path staging) throws IOException {
        Path target = staging.resolve(file.getFileName());
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            ZipEntry entry = requireOneDatabaseFile(archive, zip);
            try (InputStream in = archive.getInputStream(entry)) {
                Files.copy(in, target);
            }
        } catch (java.util.zip.ZipException e) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"),
                    "H2 backup " + zip + " is not a readable zip: " + e.getMessage());
        }
        return target;
    }

    private static void requireOneDatabaseFile(Path zip) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            requireOneDatabaseFile(archive, zip);
        }
    }

    private static ZipEntry requireOneDatabaseFile(ZipFile archive, Path zip) {
        List<ZipEntry> databases = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = archive.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (!entry.isDirectory() && entry.getName().endsWith(FILE_SUFFIX)) {
                databases.add(entry);
            }
        }
        if (databases.size() != 1) {
            throw new SnapshotRejectedException(Messages.text("data.snapshot.unreadable"), "H2 backup " + zip
                    + " holds " + databases.size() + " database files (" + FILE_SUFFIX + "), expected one");
        }
        return databases.get(0);
    }

    /** A fresh hidden staging folder beside the file, after deleting those of dead attempts. */
    private Path newStaging() throws IOException {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Pattern leftover = Pattern.compile("\\." + Pattern.quote(file.getFileName().toString()) + "\\.staging-[0-9a-f]{16}");
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path dead : siblings.filter(p -> leftover.matcher(p.getFileName().toString()).matches()).toList()) {
                FileTrees.deleteRecursively(dead);
            }
        }
        Path staging = parent.resolve("." + file.getFileName() + ".staging-" + FileTrees.randomSuffix());
        Files.createDirectory(staging);
        return staging;
    }

    static Fingerprint fingerprint(String url, String username, String password, String label) throws IOException {
        try (Connection connection = connect(url, username, password, label)) {
            try (Statement statement = connection.createStatement()) {
                // Every table read from one snapshot of the database, even while it is being written.
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            List<Fingerprint.Part> parts = new ArrayList<>();
            for (String[] table : tables(connection)) {
                parts.add(tableFingerprint(connection, table[0], table[1]));
            }
            connection.rollback();
            return new Fingerprint(Fingerprint.ROWS, parts);
        } catch (SQLException e) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.read", where(label)),
                    label + ": cannot read the tables of H2 database " + url + ": " + e.getMessage(), e);
        }
    }

    static List<String[]> tables(Connection connection) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1, 2")) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return tables;
    }

    private static Fingerprint.Part tableFingerprint(Connection connection, String schema, String table)
            throws SQLException {
        TableChecksum checksum = new TableChecksum();
        StringJoiner columns = new StringJoiner(", ");
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery("SELECT * FROM " + quote(schema) + "." + quote(table))) {
                ResultSetMetaData meta = rows.getMetaData();
                columns.add(columns(meta, 1));
                boolean[] binary = binaryColumns(meta);
                byte[][] values = new byte[meta.getColumnCount()][];
                while (rows.next()) {
                    checksum.addRow(values(rows, binary, 1, values));
                }
            }
        }
        return checksum.part(schema + "." + table, columns.toString());
    }

    /** The columns from {@code first} on, with their types: « ID INTEGER, NAME CHARACTER VARYING ». */
    static String columns(ResultSetMetaData meta, int first) throws SQLException {
        StringJoiner columns = new StringJoiner(", ");
        for (int i = first; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnName(i) + " " + meta.getColumnTypeName(i));
        }
        return columns.toString();
    }

    /** Which columns (by JDBC index) hold bytes rather than text. */
    static boolean[] binaryColumns(ResultSetMetaData meta) throws SQLException {
        boolean[] binary = new boolean[meta.getColumnCount() + 1];
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            int type = meta.getColumnType(i);
            binary[i] = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                    || type == Types.BLOB || type == Types.JAVA_OBJECT;
        }
        return binary;
    }

    /** The current row's values from column {@code first} on, as bytes (text as UTF-8), into {@code values}. */
    static byte[][] values(ResultSet rows, boolean[] binary, int first, byte[][] values) throws SQLException {
        for (int i = first; i < binary.length; i++) {
            if (binary[i]) {
                values[i - first] = rows.getBytes(i);
            } else {
                String text = rows.getString(i);
                values[i - first] = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            }
        }
        return values;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(String url, String username, String password, String label) throws IOException {
        // Never let a read create an empty database where the real one is missing.
        String existing = url.toUpperCase().contains("IFEXISTS") ? url : url + ";IFEXISTS=TRUE";
        try {
            return DriverManager.getConnection(existing, username, password);
        } catch (SQLException e) {
            throw new DataStoreUnavailableException(Messages.text("data.unavailable.h2-connect", where(label)),
                    label + ": cannot open H2 database " + url + " as user '" + username + "': " + e.getMessage(), e);
        }
    }

    /** Reading never writes: no header rewrite, no compaction on close, no trace file. */
    private static String readOnlyUrl(Path databaseFile) {
        return fileUrl(databaseFile) + ";ACCESS_MODE_DATA=r;TRACE_LEVEL_FILE=0";
    }

    private static String fileUrl(Path databaseFile) {
        return "jdbc:h2:file:" + databaseFile.resolveSibling(baseName(databaseFile));
    }

    private static String baseName(Path databaseFile) {
        String name = databaseFile.getFileName().toString();
        return name.substring(0, name.length() - FILE_SUFFIX.length());
    }

    /** An H2 file beside its target, put in its place by one rename. */
    private final class StagedFile implements StagedData {

        private final Path staging;
        private final Path stagedFile;
        private final Fingerprint fingerprint;
        private final String stagedUser;
        private final String stagedPassword;
        private boolean pending = true;

        StagedFile(Path staging, Path stagedFile, Fingerprint fingerprint, String stagedUser, String stagedPassword) {
            this.staging = staging;
            this.stagedFile = stagedFile;
            this.fingerprint = fingerprint;
            this.stagedUser = stagedUser;
            this.stagedPassword = stagedPassword;
        }

        @Override
        public Fingerprint fingerprint() {
            return fingerprint;
        }

        @Override
        public Map<String, String> scriptEnvironment() {
            return Map.of("RELEASEGATE_DATA_TYPE", TYPE, "RELEASEGATE_DATA_FILE", stagedFile.toString(),
                    "RELEASEGATE_JDBC_URL", fileUrl(stagedFile));
        }

        @Override
        public Connection openConnection() throws SQLException {
            return DriverManager.getConnection(fileUrl(stagedFile) + ";IFEXISTS=TRUE", stagedUser, stagedPassword);
        }

        @Override
        public void publish() throws IOException {
            if (!pending) {
                throw new IllegalStateException("staged file " + stagedFile + " was already published or discarded");
            }
            requireNotInUse(file);
            FileTrees.fsyncFile(stagedFile);
            Files.move(stagedFile, file, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.fsyncDirectory(file.getParent());
            pending = false;
            FileTrees.deleteRecursively(staging);
        }

        @Override
        public void close() throws IOException {
            if (pending) {
                pending = false;
                FileTrees.deleteRecursively(staging);
            }
        }
    }

    /**
     * H2 holds a lock on an open database file; renaming over a file that an application holds would leave that
     * application writing to the replaced file, and the copy would be lost without a word.
     */
    private void requireNotInUse(Path databaseFile) throws IOException {
        if (!Files.exists(databaseFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(databaseFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(databaseFile);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(databaseFile);
        }
    }

    private DataStoreUnavailableException inUse(Path databaseFile) {
        return new DataStoreUnavailableException(Messages.text("data.unavailable.h2-open", where(label)),
                label + ": H2 database " + databaseFile + " is open (locked by an application)", null);
    }

    /** The store as people name it: « Base H2 de l'environnement « test » ». */
    private static String where(String label) {
        return Messages.text("data.h2.where", DataStores.environmentOf(label));
    }
}
