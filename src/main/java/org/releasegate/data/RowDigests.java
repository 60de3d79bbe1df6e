package org.releasegate.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.releasegate.files.FileTrees;

/**
 * Each record of a database's tables as its primary key and a digest of the row, one file per table: two states of
 * a store (an archive restored aside, the state right after an install, production now) then tell which records
 * were added, changed or removed, one pass over two files whatever their size, without keeping any content. Rows
 * are written sorted by their key's text in code-point order ({@link #KEY_ORDER}); a table without a primary key,
 * or whose keys the database did not give in that order, is told by its row count alone.
 * <p>
 * A file is complete when it ends with its {@code end} line: one cut short by a crash is as good as absent.
 */
public final class RowDigests {

    /** The order rows come in: PostgreSQL's {@code COLLATE "C"} (bytes of UTF-8) is the order of code points. */
    public static final Comparator<String> KEY_ORDER = RowDigests::compareCodePoints;

    private static final String FORMAT = "release-gate row digests 1";
    static final String SUFFIX = ".rows.gz";

    private RowDigests() {
    }

    /** The file of one table ({@code schema.table}, or {@code store/schema.table} in an environment of several). */
    public static Path file(Path folder, String table) {
        return folder.resolve(URLEncoder.encode(table, StandardCharsets.UTF_8) + SUFFIX);
    }

    /** The tables a folder holds a complete or incomplete file of. */
    public static List<String> tables(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> URLDecoder.decode(name.substring(0, name.length() - SUFFIX.length()),
                            StandardCharsets.UTF_8)).sorted().toList();
        }
    }

    /** One row: its primary key as text ({@code C104}; {@code (1,2)} for a key of several columns) and its digest. */
    public record Row(String key, String digest) {
    }

    /** Thrown by {@link TableWriter#add} when the database gave keys out of {@link #KEY_ORDER}, or one twice. */
    static final class KeysOutOfOrderException extends IOException {
        KeysOutOfOrderException(String table) {
            super("the keys of " + table + " did not come in code-point order");
        }
    }

    /**
     * Writes one table's file, complete only once {@link #finish} ran: written aside, then renamed into place.
     *
     * @param keyColumns empty for a table without a primary key: only its row count is written
     * @param columns    the table's columns and types, as the database names them
     * @param method     how the digests were computed: only files of one method compare row by row
     */
    static TableWriter writer(Path folder, String table, List<String> keyColumns, String columns, String method)
            throws IOException {
        return new TableWriter(folder, table, keyColumns, columns, method);
    }

    static final class TableWriter implements Closeable {

        private final Path target;
        private final Path temporary;
        private final String table;
        private final Writer out;
        private final boolean keyed;
        private String previous;
        private long rows;
        private boolean finished;

        private TableWriter(Path folder, String table, List<String> keyColumns, String columns, String method)
                throws IOException {
            Files.createDirectories(folder);
            this.table = table;
            this.keyed = !keyColumns.isEmpty();
            this.target = file(folder, table);
            this.temporary = target.resolveSibling("." + target.getFileName() + "." + FileTrees.randomSuffix() + ".tmp");
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(temporary),
                    1 << 16), StandardCharsets.UTF_8), 1 << 16);
            line(FORMAT);
            line("table\t" + escape(table));
            line("key\t" + escape(String.join(",", keyColumns)));
            line("columns\t" + escape(columns));
            line("method\t" + escape(method));
        }

        /** One row; keys must come in {@link #KEY_ORDER}, each once. */
        void add(String key, String digest) throws IOException {
            if (previous != null && KEY_ORDER.compare(previous, key) >= 0) {
                throw new KeysOutOfOrderException(table);
            }
            previous = key;
            rows++;
            line(escape(key) + "\t" + digest);
        }

        /** Ends the file with the table's row count: {@code count} for a table without key, else the rows added. */
        void finish(long count) throws IOException {
            line("end\t" + (keyed ? rows : count));
            out.close();
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            finished = true;
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
        }

        private void line(String text) throws IOException {
            out.write(text);
            out.write('\n');
        }
    }

    /** A table's file, read back: its header first, then its rows one by one. */
    public static Optional<TableReader> open(Path folder, String table) throws IOException {
        Path file = file(folder, table);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(new TableReader(file));
    }

    public static final class TableReader implements Closeable {

        private final BufferedReader in;
        private final List<String> keyColumns;
        private final String columns;
        private final String method;
        private Long count;
        private long rows;
        private String previous;

        private TableReader(Path file) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
            try {
                if (!FORMAT.equals(in.readLine())) {
                    throw new IOException("not a row digest file: " + file.getFileName());
                }
                header("table");
                String key = header("key");
                this.keyColumns = key.isEmpty() ? List.of() : Arrays.asList(key.split(","));
                this.columns = header("columns");
                this.method = header("method");
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        /** Empty for a table without a primary key (or whose keys could not be ordered): its rows are only counted. */
        public List<String> keyColumns() {
            return keyColumns;
        }

        public String columns() {
            return columns;
        }

        public String method() {
            return method;
        }

        /**
         * The next row, or empty once the file is read to its end.
         *
         * @throws IOException when the file is cut short (a crash while it was written) or its keys are out of order
         */
        public Optional<Row> next() throws IOException {
            if (count != null) {
                return Optional.empty();
            }
            String line = in.readLine();
            if (line == null) {
                throw new IOException("row digest file cut short");
            }
            int tab = line.indexOf('\t');
            if (line.startsWith("end\t")) {
                count = Long.parseLong(line.substring(4));
                if (!keyColumns.isEmpty() && count != rows) {
                    throw new IOException("row digest file holds " + rows + " rows, its end says " + count);
                }
                return Optional.empty();
            }
            if (tab < 0) {
                throw new IOException("malformed row digest line");
            }
            String key = unescape(line.substring(0, tab));
            if (previous != null && KEY_ORDER.compare(previous, key) >= 0) {
                throw new IOException("row digest file out of order");
            }
            previous = key;
            rows++;
            return Optional.of(new Row(key, line.substring(tab + 1)));
        }

        /** The table's rows, reading what is left of the file. */
        public long count() throws IOException {
            while (next().isPresent()) {
                // counted by next()
            }
            return count;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private String header(String name) throws IOException {
            String line = in.readLine();
            if (line == null || !line.startsWith(name + "\t")) {
                throw new IOException("row digest file lacks its " + name);
            }
            return unescape(line.substring(name.length() + 1));
        }
    }

    /** Tabs, line breaks and backslashes escaped, so that a key is one field of one line. */
    static String escape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                plain.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Copies every file of {@code from} into {@code to}, each under {@code prefix + its table}. */
    static void moveAll(Path from, Path to, String prefix) throws IOException {
        List<String> tables = new ArrayList<>(tables(from));
        Files.createDirectories(to);
        for (String table : tables) {
            Files.move(file(from, table), file(to, prefix + table), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
