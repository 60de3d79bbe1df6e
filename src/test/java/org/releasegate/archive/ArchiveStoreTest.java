package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.data.FileDigest;
import org.releasegate.data.FolderDigest;

class ArchiveStoreTest {

    private static final Instant START = Instant.parse("2025-06-01T08:00:00Z");

    @TempDir
    Path root;

    private final SteppingClock clock = new SteppingClock(START);
    private final ObjectMapper mapper = new ObjectMapper();
    private ArchiveStore store;

    @BeforeEach
    void createStore() {
        store = new ArchiveStore(root, clock, mapper);
    }

    @Test
    void createPublishesAVerifiedArchiveWithItsManifest() throws IOException {
        Archive archive = store.create("rel-42-data", ArchiveKind.PRODUCTION_DATA, "7.3.0", "production",
                ArchiveStoreTest::sampleContent);

        assertThat(archive.folder()).isEqualTo(root.resolve("rel-42-data"));
        assertThat(archive.filesDir().resolve("tables/customers.dat")).hasContent("customers");
        assertThat(archive.files()).extracting(FileDigest::path).containsExactly("README", "tables/customers.dat");
        assertThat(archive.treeSha256()).isEqualTo(FolderDigest.treeSha256(FolderDigest.of(archive.filesDir())));
        assertThat(archive.createdAt()).isEqualTo(START);

        JsonNode manifest = mapper.readTree(root.resolve("rel-42-data/manifest.json").toFile());
        assertThat(manifest.get("id").asText()).isEqualTo("rel-42-data");
        assertThat(manifest.get("kind").asText()).isEqualTo("PRODUCTION_DATA");
        assertThat(manifest.get("version").asText()).isEqualTo("7.3.0");
        assertThat(manifest.get("source").asText()).isEqualTo("production");
        assertThat(manifest.get("createdAt").asText()).isEqualTo("2025-06-01T08:00:00Z");
        assertThat(manifest.get("tool").asText()).isEqualTo("release-gate");
        assertThat(manifest.get("treeSha256").asText()).isEqualTo(archive.treeSha256());
        assertThat(manifest.get("files").get(1).get("path").asText()).isEqualTo("tables/customers.dat");
        assertThat(manifest.get("files").get(1).get("size").asLong()).isEqualTo(9);

        assertThat(store.verify("rel-42-data")).isEqualTo(archive);
        assertThat(store.find("rel-42-data")).contains(archive);
        assertThat(children(root)).containsExactly("rel-42-data");
    }

    @Test
    void verifyDetectsAFlippedByte() throws IOException {
        Archive archive = createSample("a1");
        Path file = archive.filesDir().resolve("tables/customers.dat");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("a1").hasMessageContaining("tables/customers.dat").hasMessageContaining("sha256");
    }

    @Test
    void verifyDetectsATruncatedFile() throws IOException {
        Archive archive = createSample("a1");
        try (FileChannel channel = FileChannel.open(archive.filesDir().resolve("README"), StandardOpenOption.WRITE)) {
            channel.truncate(2);
        }

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageContaining("a1").hasMessageContaining("README").hasMessageContaining("2 bytes");
    }

    @Test
    void verifyDetectsAMissingFile() throws IOException {
        Archive archive = createSample("a1");
        Files.delete(archive.filesDir().resolve("tables/customers.dat"));

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageContaining("a1").hasMessageContaining("tables/customers.dat")
                .hasMessageContaining("missing");
    }

    @Test
    void verifyDetectsAnExtraFile() throws IOException {
        Archive archive = createSample("a1");
        Files.writeString(archive.filesDir().resolve("tables/intruder.dat"), "not archived");

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageContaining("a1").hasMessageContaining("tables/intruder.dat")
                .hasMessageContaining("not in the manifest");
    }

    @Test
    void verifyDetectsAnUnreadableManifest() throws IOException {
        Archive archive = createSample("a1");
        Files.writeString(archive.folder().resolve("manifest.json"), "{ not json");

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageContaining("a1").hasMessageContaining("manifest.json");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void verifyOfAnUnknownArchiveSaysItIsNotFound() {
        assertThatThrownBy(() -> store.verify("nope")).isInstanceOf(ArchiveNotFoundException.class);
    }

    @Test
    void createIsIdempotentAndDoesNotRewriteAnExistingArchive() throws IOException {
        Archive first = createSample("a1");
        AtomicInteger writes = new AtomicInteger();

        Archive second = store.create("a1", ArchiveKind.PRODUCTION_DATA, "7.3.0", "production", files -> {
            writes.incrementAndGet();
            Files.writeString(files.resolve("other.txt"), "other");
        });

        assertThat(second).isEqualTo(first);
        assertThat(writes).hasValue(0);
        assertThat(children(root)).containsExactly("a1");
    }

    @Test
    void createRefusesToReuseAnExistingArchiveThatDoesNotVerify() throws IOException {
        Archive archive = createSample("a1");
        Files.writeString(archive.filesDir().resolve("README"), "tampered");

        assertThatThrownBy(() -> createSample("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessageContaining("README");
    }

    @Test
    void noArchiveIsPublishedWhenTheContentWriterFails() throws IOException {
        assertThatThrownBy(() -> store.create("a1", ArchiveKind.INSTALLER, "7.3.0", "pkg.zip", files -> {
            Files.writeString(files.resolve("half.zip"), "half");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(children(root)).isEmpty();
        assertThat(store.find("a1")).isEmpty();
    }

    @Test
    void temporaryFoldersOfDeadAttemptsAreDeleted() throws IOException {
        Files.createDirectories(root.resolve(".tmp-a1-0123456789abcdef/files"));
        Files.writeString(root.resolve(".tmp-a1-0123456789abcdef/files/half.dat"), "half");
        Files.createDirectories(root.resolve(".tmp-a1-b-0123456789abcdef/files"));

        createSample("a1");

        assertThat(children(root)).containsExactlyInAnyOrder("a1", ".tmp-a1-b-0123456789abcdef");
    }

    @Test
    void listIsSortedByCreationAndLatestPicksTheNewestOfAKindAndVersion() throws IOException {
        createSample("c-data");
        clock.step(Duration.ofMinutes(1));
        store.create("b-installer", ArchiveKind.INSTALLER, "7.3.0", "pkg.zip", ArchiveStoreTest::sampleContent);
        clock.step(Duration.ofMinutes(1));
        createSample("a-data");
        clock.step(Duration.ofMinutes(1));
        store.create("d-data", ArchiveKind.PRODUCTION_DATA, "7.2.0", "production", ArchiveStoreTest::sampleContent);

        assertThat(store.list()).extracting(Archive::id).containsExactly("c-data", "b-installer", "a-data", "d-data");
        assertThat(store.latest(ArchiveKind.PRODUCTION_DATA, "7.3.0")).map(Archive::id).contains("a-data");
        assertThat(store.latest(ArchiveKind.INSTALLER, "7.3.0")).map(Archive::id).contains("b-installer");
        assertThat(store.latest(ArchiveKind.INSTALLER, "7.2.0")).isEmpty();
    }

    @Test
    void idsThatCouldLeaveTheRootAreRefused() {
        assertThatThrownBy(() -> store.find("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> createSample(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }

    private Archive createSample(String id) throws IOException {
        return store.create(id, ArchiveKind.PRODUCTION_DATA, "7.3.0", "production", ArchiveStoreTest::sampleContent);
    }

    private static void sampleContent(Path files) throws IOException {
        Files.writeString(files.resolve("README"), "hello");
        Files.createDirectories(files.resolve("tables"));
        Files.writeString(files.resolve("tables/customers.dat"), "customers");
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A clock the test moves forward, so archives get distinct creation times. */
    private static final class SteppingClock extends Clock {

        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void step(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
