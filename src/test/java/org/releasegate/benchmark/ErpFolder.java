package org.releasegate.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * An ERP-like data folder for the benchmarks, the same bytes for the same arguments: CSV-like tables, a random
 * (incompressible) index, documents of 2–64 KB under {@code pieces/<year>/<month>} — 70 % CSV invoices, 30 % random
 * "scans" — and 50 small settings files under {@code config}.
 */
final class ErpFolder {

    /** A table file of {@code size} bytes of lines from {@code lines}. */
    record Table(String path, long size, LineWriter lines) {
    }

    private ErpFolder() {
    }

    /** Writes the folder (created if missing); the tables in order, then the index, the documents and the settings. */
    static void generate(Path folder, long seed, List<Table> tables, String indexPath, long indexSize, int documents)
            throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(seed);
        for (Table table : tables) {
            Path file = folder.resolve(table.path());
            Files.createDirectories(file.getParent());
            writeTable(file, table.size(), random, table.lines());
        }
        Path index = folder.resolve(indexPath);
        Files.createDirectories(index.getParent());
        writeRandom(index, indexSize, random);
        for (int i = 0; i < documents; i++) {
            writeDocument(folder, i, random);
        }
        Path config = Files.createDirectories(folder.resolve("config"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(config.resolve("module-" + i + ".properties"), "module=" + i + "\nactif=true\n"
                    + "devise=EUR\nexercice=2026\nsmtp.host=smtp.gestan.example\n");
        }
    }

    /** Document number {@code i}: an invoice or a scan, of 2–64 KB; returns its file. */
    static Path writeDocument(Path folder, int i, SplittableRandom random) throws IOException {
        Path month = Files.createDirectories(folder.resolve(String.format(Locale.ROOT, "pieces/%d/%02d",
                2020 + i % 5, 1 + i / 5 % 12)));
        long size = 2_000 + random.nextLong(62_000);
        if (i % 10 < 7) {
            Path file = month.resolve(String.format(Locale.ROOT, "FAC-%06d.csv", i));
            writeTable(file, size, random, ErpFolder::invoiceLine);
            return file;
        }
        Path file = month.resolve(String.format(Locale.ROOT, "SCAN-%06d.pdf", i));
        writeRandom(file, size, random);
        return file;
    }

    /** Bytes of the folder's regular files. */
    static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @FunctionalInterface
    interface LineWriter {
        void append(StringBuilder line, SplittableRandom random);
    }

    static void writeTable(Path file, long size, SplittableRandom random, LineWriter lines) throws IOException {
        StringBuilder text = new StringBuilder(1 << 20);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (written < size) {
                lines.append(text, random);
                if (text.length() >= 1 << 20 || written + text.length() >= size) {
                    byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
                    int length = (int) Math.min(bytes.length, size - written);
                    out.write(bytes, 0, length);
                    written += length;
                    text.setLength(0);
                }
            }
        }
    }

    static void writeRandom(Path file, long size, SplittableRandom random) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    private static final String[] ACCOUNTS = {"401000", "411000", "445660", "445710", "512000", "601000", "607000",
            "622600", "706000", "707000"};
    private static final String[] LABELS = {"Facture fournisseur", "Facture client", "TVA deductible",
            "TVA collectee", "Reglement", "Achat marchandises", "Honoraires", "Vente produits", "Avoir client"};

    static void entryLine(StringBuilder line, SplittableRandom random) {
        line.append(random.nextInt(1, 10_000_000)).append(';').append("2026-").append(1 + random.nextInt(12))
                .append('-').append(1 + random.nextInt(28)).append(';').append(ACCOUNTS[random.nextInt(ACCOUNTS.length)])
                .append(';').append(LABELS[random.nextInt(LABELS.length)]).append(" n ").append(random.nextInt(100_000))
                .append(';').append(random.nextInt(100_000)).append('.').append(random.nextInt(10, 100)).append(";0.00;")
                .append("VT").append(random.nextInt(1000)).append('\n');
    }

    static void stockLine(StringBuilder line, SplittableRandom random) {
        line.append("ART-").append(random.nextInt(50_000)).append(';').append("DEP").append(random.nextInt(8))
                .append(';').append(random.nextBoolean() ? "ENTREE" : "SORTIE").append(';')
                .append(random.nextInt(1, 500)).append(";2026-").append(1 + random.nextInt(12)).append('-')
                .append(1 + random.nextInt(28)).append(' ').append(random.nextInt(24)).append(':')
                .append(random.nextInt(60)).append(";BL-").append(random.nextInt(1_000_000)).append('\n');
    }

    static void clientLine(StringBuilder line, SplittableRandom random) {
        int id = random.nextInt(1_000_000);
        line.append("CLI-").append(id).append(";Societe ").append(id).append(" SARL;").append(random.nextInt(1, 200))
                .append(" rue de la Republique;").append(10_000 + random.nextInt(85_000)).append(";Ville ")
                .append(random.nextInt(3000)).append(";contact").append(id).append("@client.example;FR76 3000 ")
                .append(random.nextInt(10_000)).append(' ').append(random.nextInt(10_000)).append('\n');
    }

    static void invoiceLine(StringBuilder line, SplittableRandom random) {
        line.append("LIGNE;ART-").append(random.nextInt(50_000)).append(";Article ").append(random.nextInt(50_000))
                .append(';').append(random.nextInt(1, 50)).append(';').append(random.nextInt(1000)).append('.')
                .append(random.nextInt(10, 100)).append(";20.0\n");
    }
}
