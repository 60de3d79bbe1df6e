package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.springframework.util.unit.DataSize;

/** The bytes of a road book are checked before any parsing: size, encoding, NUL bytes, format by extension. */
class RoadBookReaderTest {

    private static final String ROAD_BOOK = """
            # Road book
            ## Version 1.1
            - [GES-1101] (Facturation) Pénalités de retard
            """;

    @TempDir
    Path folder;

    private final RoadBookReader reader = new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE);

    @Test
    void fileInAnUnknownFormatIsRefusedWithTheFormatsAccepted() throws IOException {
        Path file = Files.writeString(folder.resolve("road-book.txt"), ROAD_BOOK);

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(RejectedInputException.class).hasMessage(
                "Carnet de route road-book.txt : ce format n'est pas lu (extensions acceptées : .md, .markdown, .yaml, .yml, .json, .csv).");
        assertThatThrownBy(() -> reader.read("road-book", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ce format n'est pas lu");
    }

    @Test
    void fileInTheInboxIsReadWithTheFormatOfItsExtension() throws IOException {
        Path file = Files.writeString(folder.resolve("road-book.md"), ROAD_BOOK);

        assertThat(reader.read(file).versions()).extracting(RoadBook.Version::number).containsExactly("1.1");
    }

    @Test
    void hugeFileIsRefusedFromItsSizeWithoutBeingRead() throws IOException {
        Path file = folder.resolve("road-book.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(DataSize.ofGigabytes(4).toBytes());
        }

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.yaml : il dépasse 5 Mo, la taille maximale acceptée.");
    }

    @Test
    void endlessStreamIsRefusedAfterReadingJustOverTheLimit() {
        EndlessStream endless = new EndlessStream();

        assertThatThrownBy(() -> reader.read("upload.md", endless)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("il dépasse 5 Mo");
        assertThat(endless.bytesRead).isEqualTo(DataSize.ofMegabytes(5).toBytes() + 1);
    }

    @Test
    void sizeLimitIsConfigurable() throws IOException {
        RoadBookReader small = new RoadBookReader(DataSize.ofKilobytes(1));
        String atTheLimit = ROAD_BOOK + "x".repeat(1024 - ROAD_BOOK.getBytes(StandardCharsets.UTF_8).length);
        Path fileAtTheLimit = Files.writeString(folder.resolve("limit.md"), atTheLimit);
        Path fileOverTheLimit = Files.writeString(folder.resolve("over.md"), atTheLimit + "x");

        assertThat(Files.size(fileAtTheLimit)).isEqualTo(1024);
        assertThat(small.read(fileAtTheLimit).changeCount()).isEqualTo(1);
        assertThatThrownBy(() -> small.read(fileOverTheLimit)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route over.md : il dépasse 1 Ko, la taille maximale acceptée.");
        assertThatThrownBy(() -> small.read("over.md", new ByteArrayInputStream((atTheLimit + "x").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("il dépasse 1 Ko");
    }

    @Test
    void latin1FileIsRefusedWithTheLineOfTheFirstAccentedLetter() throws IOException {
        Path file = Files.write(folder.resolve("road-book.md"), ROAD_BOOK.getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.md, ligne 3 : le texte n'est pas en UTF-8 (octet 0xE9) : enregistrez-le en UTF-8, pas en Latin-1 ou Windows-1252.");
    }

    @Test
    void windows1252FileIsRefusedWithItsLine() throws IOException {
        String text = "version;id;module;title\n1.1;GES-1;Ventes;Export\n1.1;GES-2;Ventes;L’export du mois\n";
        Path file = Files.write(folder.resolve("road-book.csv"), text.getBytes(Charset.forName("windows-1252")));

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.csv, ligne 3 : le texte n'est pas en UTF-8 (octet 0x92) : enregistrez-le en UTF-8, pas en Latin-1 ou Windows-1252.");
    }

    @Test
    void utf8SequenceCutAtTheEndIsRefused() {
        byte[] text = (ROAD_BOOK + "é").getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(text, text.length - 1);

        assertThatThrownBy(() -> reader.read("road-book.md", new ByteArrayInputStream(cut)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 4 : le texte n'est pas en UTF-8");
    }

    @Test
    void nulByteIsRefusedWithItsLine() {
        byte[] text = "versions:\n  - version: \"1.1\"\0\n    changes: []\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read("road-book.yaml", new ByteArrayInputStream(text)))
                .isInstanceOf(RejectedInputException.class).hasMessage("Carnet de route road-book.yaml, ligne 2 : octet nul"
                        + " (un fichier binaire, ou un texte enregistré en UTF-16 ?) : enregistrez-le en UTF-8.");
    }

    @Test
    void utf16FileIsRefused() {
        byte[] text = ROAD_BOOK.getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> reader.read("road-book.md", new ByteArrayInputStream(text)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 1");
    }

    /** An upload that never ends, counting what was read from it. */
    private static final class EndlessStream extends InputStream {

        long bytesRead;

        @Override
        public int read() {
            bytesRead++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            bytesRead += length;
            return length;
        }
    }
}
