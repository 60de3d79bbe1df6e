package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest read and checked once is not parsed again while its file keeps its settled stamp (the window reads a
 * base's manifest, which lists every file of production, in several steps); any write to it is read afresh.
 */
class ManifestCacheTest {

    @TempDir
    Path work;

    private final AtomicInteger parsed = new AtomicInteger();
    private ArchiveStore archives;

    @BeforeEach
    void store() {
        ObjectMapper counting = new ObjectMapper() {
            @Override
            public <T> T readValue(byte[] content, Class<T> type) throws IOException {
                if (type == Manifest.class) {
                    parsed.incrementAndGet();
                }
                return super.readValue(content, type);
            }
        };
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), counting, Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ofMillis(50));
    }

    @Test
    void aSettledManifestIsParsedOnceAndAnyWriteToItIsReadAgain() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Archive archive = archives.createFromFolder("base", ArchiveKind.PRODUCTION_DATA, "1.0", "test", data);
        Thread.sleep(100);
        archives.find("base");
        int once = parsed.get();
        archives.find("base");
        archives.contentFiles("base");
        archives.list();
        assertThat(parsed.get()).as("read again from its unchanged file, not parsed").isEqualTo(once);

        // Rewritten in place, same size, its modification time put back: its change time tells.
        Path manifest = archive.folder().resolve(Manifest.FILE_NAME);
        FileTime modified = Files.getLastModifiedTime(manifest);
        Files.writeString(manifest, Files.readString(manifest).replace("\"1.0\"", "\"9.9\""));
        Files.setLastModifiedTime(manifest, modified);
        assertThat(archives.find("base").orElseThrow().version()).isEqualTo("9.9");
        assertThat(parsed.get()).isEqualTo(once + 1);

        Files.writeString(manifest, "{");
        assertThatThrownBy(() -> archives.find("base")).isInstanceOf(ArchiveCorruptedException.class);
    }

    @Test
    void aManifestJustWrittenIsNotKeptItsStampCouldStillHideAWrite() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n");
        ArchiveStore slow = new ArchiveStore(work.resolve("slow"), Clock.systemUTC(), new ObjectMapper() {
            @Override
            public <T> T readValue(byte[] content, Class<T> type) throws IOException {
                if (type == Manifest.class) {
                    parsed.incrementAndGet();
                }
                return super.readValue(content, type);
            }
        }, Compression.DEFAULT, AfterFileRead.NOTHING, Duration.ofHours(1));
        slow.createFromFolder("fresh", ArchiveKind.PRODUCTION_DATA, "1.0", "test", data);
        int before = parsed.get();
        slow.find("fresh");
        slow.find("fresh");
        assertThat(parsed.get()).isEqualTo(before + 2);
    }
}
