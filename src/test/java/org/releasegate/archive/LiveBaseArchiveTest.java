package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

/**
 * The base archive taken days before the window, while production's users still write: every kind of write racing
 * the read is tolerated, and the delta taken once writers stopped makes base + delta exactly the stopped folder.
 */
class LiveBaseArchiveTest {

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final ObjectMapper mapper = new ObjectMapper();
    private Path data;
    private ArchiveStore calm;

    @BeforeEach
    void productionData() throws Exception {
        data = Files.createDirectories(work.resolve("data"));
        write("tables/clients.dat", "1;Dupont\n2;Martin\n".repeat(50));
        write("tables/stock.dat", "A;10\nB;20\n".repeat(80));
        write("tables/orders.dat", "c1;A;3\n".repeat(200));
        write("journal.log", "start\n");
        write("old/2024.dat", "ancien");
        Thread.sleep(20);
        calm = store(AfterFileRead.NOTHING);
    }

    @Test
    void writersRacingTheBaseDoNotFailItAndTheDeltaTakenAfterTheyStopGivesTheExactFolder() throws Exception {
        write("tables/zz-scans.dat", "x".repeat(5000));
        long clientsListed = Files.size(data.resolve("tables/clients.dat"));
        // Each folder is listed, then read smallest file first: root's journal.log, then old/, then tables/
        // (stock 800 B, clients 900 B, orders 1400 B, zz-scans 5000 B). Users write right behind the reads.
        ArchiveStore racing = store(file -> {
            switch (file.getFileName().toString()) {
                case "journal.log" -> {
                    Files.writeString(file, "login theo\n", StandardOpenOption.APPEND);
                    Files.delete(data.resolve("old/2024.dat"));
                    Files.delete(data.resolve("old"));
                }
                case "stock.dat" -> {
                    truncate(data.resolve("tables/clients.dat"), 7);
                    Files.writeString(data.resolve("tables/orders.dat"), "c2;B;1\n", StandardOpenOption.APPEND);
                    write("tables/invoices.dat", "F-1043;120.00\n");
                    Files.delete(data.resolve("tables/zz-scans.dat"));
                }
                default -> {
                }
            }
        });

        Archive base = racing.createLiveFromFolder("base", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);

        JsonNode manifest = mapper.readTree(base.folder().resolve("manifest.json").toFile());
        assertThat(manifest.get("live").asBoolean()).isTrue();
        assertThat(base.files()).extracting(FileDigest::path)
                .as("listed but gone before it was opened: left out; appeared after the listing: the delta's")
                .containsExactly("journal.log", "tables/clients.dat", "tables/orders.dat", "tables/stock.dat");
        assertThat(base.files()).filteredOn(file -> file.path().equals("tables/clients.dat"))
                .extracting(FileDigest::size).as("cut short while read: padded to the size its member announced")
                .containsExactly(clientsListed);
        assertThat(stamped(manifest)).as("only what was read unchanged is stamped, so the delta packs the rest again")
                .containsExactly("tables/stock.dat");
        assertThat(racing.verify("base", VerificationDepth.DEEP).id()).as("a well-formed archive all the same")
                .isEqualTo("base");
        assertThatThrownBy(() -> racing.extractTo("base", work.resolve("alone")))
                .as("alone, the base may hold torn files").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a delta");

        // The window: production stopped, nothing writes any more.
        clock.step(Duration.ofDays(2));
        List<FileDigest> stopped = FolderDigest.of(data);
        Archive delta = calm.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        assertThat(delta.files()).extracting(FileDigest::path).containsExactly("journal.log", "tables/clients.dat",
                "tables/invoices.dat", "tables/orders.dat");
        Path restored = work.resolve("restored");
        calm.extractTo("delta", restored);
        assertThat(FolderDigest.of(restored)).isEqualTo(stopped);
        assertThat(restored.resolve("old")).doesNotExist();
        assertThat(calm.contentFiles("delta")).isEqualTo(stopped);
    }

    @Test
    void theSameRaceStillFailsAStrictArchiveInFrenchWithoutTheServerPath() throws Exception {
        ArchiveStore racing = store(file -> {
            if (file.getFileName().toString().equals("journal.log")) {
                Files.writeString(data.resolve("tables/orders.dat"), "c2;B;1\n", StandardOpenOption.APPEND);
                Files.writeString(file, "more\n", StandardOpenOption.APPEND);
            }
        });

        assertThatThrownBy(() -> racing.createFromFolder("a", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data))
                .isInstanceOf(SourceChangedException.class)
                .hasMessageContaining("« journal.log » a changé pendant l'archivage")
                .hasMessageContaining("Rien n'a été archivé")
                .hasMessageNotContaining(work.toString());
    }

    private ArchiveStore store(AfterFileRead afterFileRead) {
        return new ArchiveStore(work.resolve("archives"), clock, mapper, Compression.DEFAULT, afterFileRead,
                Duration.ZERO);
    }

    private static List<String> stamped(JsonNode manifest) {
        return manifest.get("stamps").findValuesAsText("path");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private void write(String name, String content) throws IOException {
        Path file = data.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
