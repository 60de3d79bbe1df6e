package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;

/** Delta archives on real files: only what changed is packed, and base + delta read back as the full content. */
class DeltaArchiveTest {

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private Path data;
    private ArchiveStore store;

    @BeforeEach
    void productionDataArchivedInFull() throws Exception {
        data = Files.createDirectories(work.resolve("data"));
        // Timestamps are trusted at once here; the store's default waits until they are older than 2 s.
        store = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ZERO);
        write("tables/clients.dat", "1;Dupont\n2;Martin\n");
        write("tables/stock.dat", "A;10\nB;20\n");
        write("tables/archive-2024/old.dat", "ancien");
        write("config/erp.properties", "devise=EUR\n");
        write("journal.log", "start\n");
        Files.createDirectories(data.resolve("empty"));
        Thread.sleep(20);
        store.createFromFolder("base", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);
        clock.step(Duration.ofDays(2));
    }

    @Test
    void packsOnlyWhatChangedAndReadsBackAsTheWholeFolder() throws Exception {
        write("tables/clients.dat", "1;Dupont\n2;Martin\n3;Durand\n");
        write("tables/new.dat", "nouveau");
        Files.delete(data.resolve("tables/archive-2024/old.dat"));
        Files.delete(data.resolve("tables/archive-2024"));
        Files.createDirectories(data.resolve("reports/2026"));
        List<FileDigest> now = FolderDigest.of(data);

        Archive delta = store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        assertThat(delta.files()).extracting(FileDigest::path).containsExactly("tables/clients.dat", "tables/new.dat");
        assertThat(delta.baseId()).isEqualTo("base");
        assertThat(delta.delta().deletedFiles()).containsExactly("tables/archive-2024/old.dat");
        assertThat(delta.contentSha256()).isEqualTo(FolderDigest.treeSha256(now));
        assertThat(store.contentFiles("delta")).isEqualTo(now);
        assertThat(store.verify("delta", VerificationDepth.DEEP).id()).isEqualTo("delta");

        Path restored = work.resolve("restored");
        store.extractTo("delta", restored);
        assertThat(FolderDigest.of(restored)).isEqualTo(now);
        assertThat(restored.resolve("tables/archive-2024")).doesNotExist();
        assertThat(restored.resolve("empty")).isEmptyDirectory();
        assertThat(restored.resolve("reports/2026")).isEmptyDirectory();
    }

    @Test
    void aFileRewrittenWithItsSizeAndModificationTimeKeptIsArchivedAgain() throws Exception {
        Path stock = data.resolve("tables/stock.dat");
        FileTime modified = Files.getLastModifiedTime(stock);
        Files.writeString(stock, "A;99\nB;00\n");
        Files.setLastModifiedTime(stock, modified);
        Path journal = data.resolve("journal.log");
        Path copy = work.resolve("journal.copy");
        Files.copy(journal, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, journal, StandardCopyOption.REPLACE_EXISTING);

        Archive delta = store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        assertThat(delta.files()).extracting(FileDigest::path)
                .as("same size and time, but a new change time; a same content under a new inode")
                .containsExactly("journal.log", "tables/stock.dat");
        assertThat(store.contentFiles("delta")).isEqualTo(FolderDigest.of(data));
    }

    @Test
    void filesTooRecentWhenTheBaseReadThemAreArchivedAgain() throws Exception {
        ArchiveStore cautious = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(),
                Compression.DEFAULT, AfterFileRead.NOTHING, Duration.ofHours(1));
        cautious.createFromFolder("recent-base", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);

        Archive delta = cautious.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data,
                "recent-base");

        assertThat(delta.files()).as("a write in the same clock tick as the base's read would keep every stamp")
                .hasSize(5);
        assertThat(delta.delta().deletedFiles()).isEmpty();
    }

    @Test
    void aDeltaHasItsOwnFormatAndNamesItsBaseExactly() throws Exception {
        write("journal.log", "start\nstop\n");
        Archive base = store.find("base").orElseThrow();

        Archive delta = store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        JsonNode manifest = new ObjectMapper().readTree(delta.folder().resolve("manifest.json").toFile());
        assertThat(manifest.get("format").asText()).as("a Release Gate without deltas refuses it")
                .isEqualTo("release-gate-archive/2-delta");
        assertThat(manifest.get("delta").get("baseId").asText()).isEqualTo("base");
        assertThat(manifest.get("delta").get("baseArchiveSha256").asText()).isEqualTo(base.archiveSha256());
        assertThat(manifest.get("delta").get("baseTreeSha256").asText()).isEqualTo(base.treeSha256());
        assertThat(manifest.has("stamps")).isFalse();
        JsonNode baseManifest = new ObjectMapper().readTree(base.folder().resolve("manifest.json").toFile());
        assertThat(baseManifest.get("stamps")).hasSize(5);
        assertThat(baseManifest.has("delta")).isFalse();
    }

    @Test
    void aDeltaIsNeverTheBaseOfAnother() throws Exception {
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        assertThatThrownBy(() -> store.createDelta("delta-2", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data,
                "delta")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta itself");
    }

    @Test
    void aMissingBaseFailsTheExtractionInFrenchAndWritesNothing() throws Exception {
        write("journal.log", "start\nstop\n");
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");
        store.delete("base");
        Path target = Files.createDirectories(work.resolve("restored"));

        assertThatThrownBy(() -> store.extractTo("delta", target)).isInstanceOf(ArchiveCorruptedException.class)
                .hasMessage("L'archive de base « base », dont l'archive différentielle « delta » a besoin, est "
                        + "introuvable : les données ne peuvent pas être restaurées à partir de cette paire d'archives.");
        assertThat(target).isEmptyDirectory();
        assertThatThrownBy(() -> store.contentFiles("delta")).hasMessageContaining("introuvable");
        assertThatThrownBy(() -> store.verify("delta")).hasMessageContaining("introuvable");
    }

    @Test
    void aDamagedBaseFailsTheExtractionAndTheVerificationAndLeavesNothingBehind() throws Exception {
        write("journal.log", "start\nstop\n");
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");
        Path baseFile = store.find("base").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(baseFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(baseFile, bytes);
        Path target = work.resolve("restored");

        assertThatThrownBy(() -> store.extractTo("delta", target)).isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageStartingWith("L'archive de base « base », dont l'archive différentielle « delta » a besoin, "
                        + "est endommagée").hasMessageNotContaining(work.toString());
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> store.verify("delta", VerificationDepth.DEEP)).hasMessageContaining("endommagée");
    }

    @Test
    void anotherArchiveUnderTheBaseIdIsRefused() throws Exception {
        write("journal.log", "start\nstop\n");
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");
        store.delete("base");
        store.createFromFolder("base", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);

        assertThatThrownBy(() -> store.extractTo("delta", work.resolve("restored")))
                .hasMessageContaining("n'est plus celle sur laquelle l'archive différentielle a été faite");
    }

    @Test
    void aDirectoryBecomingAFileAndAFileBecomingADirectoryRestore() throws Exception {
        Files.delete(data.resolve("journal.log"));
        write("journal.log/2026.log", "rotated");
        Files.delete(data.resolve("tables/archive-2024/old.dat"));
        Files.delete(data.resolve("tables/archive-2024"));
        write("tables/archive-2024", "a file now");

        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        Path restored = work.resolve("restored");
        store.extractTo("delta", restored);
        assertThat(FolderDigest.of(restored)).isEqualTo(FolderDigest.of(data));
    }

    @Test
    void retentionKeepsTheBaseOfAKeptDelta() throws Exception {
        write("journal.log", "start\nstop\n");
        clock.step(Duration.ofDays(1));
        store.createFromFolder("later-full", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);
        clock.step(Duration.ofDays(1));
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");
        clock.step(Duration.ofDays(1));
        store.createFromFolder("newest-full", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);

        List<Archive> deleted = new ArchiveRetention(store, 1, () -> new ArchivesInUse(Set.of("delta"), Set.of(),
                Set.of())).apply();

        assertThat(deleted).extracting(Archive::id).containsExactly("later-full");
        assertThat(store.list()).extracting(Archive::id).containsExactlyInAnyOrder("base", "delta", "newest-full");
        store.extractTo("delta", work.resolve("restored"));
    }

    private void write(String name, String content) throws IOException {
        Path file = data.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
