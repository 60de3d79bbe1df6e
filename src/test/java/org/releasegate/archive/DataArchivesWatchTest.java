package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.DataStores;
import org.releasegate.data.TestStores;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.Environments;

/**
 * The window's archive of a stopped folder is also its watch for writes: published only once nothing was written for
 * at least {@code data.settle} since it began, its own work counting, so that the stop waits for nothing.
 */
class DataArchivesWatchTest {

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T20:00:00Z"));
    private Path data;
    private Archive base;
    private Thread writer;

    @BeforeEach
    void baseArchivedBeforeTheWindowThenAClientAdded() throws Exception {
        data = Files.createDirectories(work.resolve("production/data"));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.writeString(data.resolve("stock.csv"), "A;10\n");
        Thread.sleep(20);
        base = dataArchives(Duration.ZERO, AfterFileRead.NOTHING).archive("production-base", Environments.PRODUCTION,
                "1.0");
        clock.step(Duration.ofDays(3));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
    }

    @AfterEach
    void writerStopped() throws InterruptedException {
        if (writer != null) {
            writer.join();
        }
    }

    @Test
    void aWriteAfterTheFolderWasReadButWithinTheSettlePeriodPublishesNothing() throws Exception {
        // The application not really stopped writes its stock a second after the archive read the folder: too late
        // for the archive's own checks, within the 3 s the folder must stay unwritten.
        DataArchives archives = dataArchives(Duration.ofSeconds(3), writeOnceAfterReading("clients.csv", "stock.csv"));

        assertThatThrownBy(() -> archives.archiveSince("production-data", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()))
                .isInstanceOf(SourceChangedException.class)
                .hasMessage("Des données sont encore écrites : fichier(s) modifié(s) pendant les 3 s d'observation :"
                        + " « stock.csv ». Rien n'a été archivé. Archivez de nouveau quand plus rien n'écrit dans les"
                        + " données (la production est-elle bien arrêtée ?).");
        writer.join();
        assertThat(store().find("production-data")).as("nothing published").isEmpty();
        try (Stream<Path> left = Files.list(work.resolve("archives"))) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("production-base");
        }

        // Once the writer is really stopped, the same task archives the folder as it now is.
        Archive again = dataArchives(Duration.ofMillis(200), AfterFileRead.NOTHING).archiveSince("production-data",
                Environments.PRODUCTION, "1.0", base.id(), base.treeSha256());
        assertThat(again.files()).extracting(file -> file.path()).containsExactly("clients.csv", "stock.csv");
    }

    @Test
    void aFullArchiveInTheWindowIsWatchedTheSameWay() throws Exception {
        DataArchives archives = dataArchives(Duration.ofSeconds(3), writeOnceAfterReading("clients.csv", "verrou.lck"));

        assertThatThrownBy(() -> archives.archiveSince("production-data", Environments.PRODUCTION, "1.0", null, null))
                .isInstanceOf(SourceChangedException.class)
                .hasMessageStartingWith("Des données sont encore écrites : fichier(s) modifié(s) pendant les 3 s"
                        + " d'observation : « verrou.lck ».");
        assertThat(store().find("production-data")).isEmpty();
    }

    @Test
    void anArchiveLongerThanTheSettlePeriodWaitsForNothingMore() throws Exception {
        // Reading the changed file takes 3 s (a slow disk): longer than the 2 s the folder must stay unwritten.
        DataArchives archives = dataArchives(Duration.ofSeconds(2), file -> sleep(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        Archive archive = archives.archiveSince("production-data", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(archive.baseId()).isEqualTo(base.id());
        assertThat(took).as("3 s of archive, not 3 s then 2 s of watch").isGreaterThanOrEqualTo(Duration.ofSeconds(3))
                .isLessThan(Duration.ofMillis(4500));
    }

    @Test
    void aQuickArchiveIsPublishedOnlyOnceTheSettlePeriodHasPassed() throws Exception {
        long start = System.nanoTime();
        dataArchives(Duration.ofMillis(1500), AfterFileRead.NOTHING).archiveSince("production-data",
                Environments.PRODUCTION, "1.0", base.id(), base.treeSha256());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aWriterStillHoldingADataFileOpenForWritingIsCaughtEvenIfItWritesNothingWhileWatched() throws Exception {
        // Where Linux's /proc shows the processes' open files (this test's own, at least).
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "no /proc here");
        // The application "stopped" but still running, its journal open for appending, silent while watched.
        try (FileChannel journal = FileChannel.open(data.resolve("stock.csv"), StandardOpenOption.APPEND)) {
            DataArchives archives = dataArchives(Duration.ofMillis(300), AfterFileRead.NOTHING);

            assertThatThrownBy(() -> archives.archiveSince("production-data", Environments.PRODUCTION, "1.0",
                    base.id(), base.treeSha256()))
                    .isInstanceOf(SourceChangedException.class)
                    .hasMessageMatching("Des données sont encore ouvertes en écriture : « stock\\.csv » \\(processus "
                            + "\\d+ [^)]+\\)\\. Rien n'a été archivé\\. .*");
            assertThat(journal.isOpen()).isTrue();
        }
        assertThat(store().find("production-data")).isEmpty();

        // Closed (the application really stopped): archived.
        assertThat(dataArchives(Duration.ofMillis(300), AfterFileRead.NOTHING).archiveSince("production-data",
                Environments.PRODUCTION, "1.0", base.id(), base.treeSha256()).baseId()).isEqualTo(base.id());
    }

    @Test
    void aFolderCreatedAfterThePackingButWithinTheSettlePeriodPublishesNothing() throws Exception {
        // The watch's last walk, not only the packer's, sees directories: the packer leaves its own to the watch.
        DataArchives archives = dataArchives(Duration.ofMillis(1500), file -> {
            if (file.getFileName().toString().equals("clients.csv") && writer == null) {
                writer = new Thread(() -> {
                    sleep(Duration.ofMillis(600));
                    try {
                        Files.createDirectory(data.resolve("export"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.start();
            }
        });

        assertThatThrownBy(() -> archives.archiveSince("production-data", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()))
                .isInstanceOf(SourceChangedException.class)
                .hasMessageStartingWith("Des données sont encore écrites : fichier(s) modifié(s) pendant les 1,5 s"
                        + " d'observation : « export ».");
        assertThat(store().find("production-data")).isEmpty();
    }

    @Test
    void theDeltaTakesEachFilesStampFromTheWatchsFirstWalkAFileWrittenSinceIsCaughtAsItIsRead() throws Exception {
        // Both stock.csv and journal/2026-12.log changed since the base: the packer reads stock.csv (a file of the
        // top folder) first, then the subfolder's. The folder is not walked again for the packing: the journal, written
        // in between (same size), no longer has the times the watch's first walk read, which the packer checks once
        // it has read it (a walk of the subfolder at that point would have seen, and packed, the new times).
        Files.writeString(data.resolve("stock.csv"), "A;11\n");
        Files.createDirectories(data.resolve("journal"));
        Files.writeString(data.resolve("journal/2026-12.log"), "vente 1\n");
        DataArchives archives = dataArchives(Duration.ofMillis(100), file -> {
            if (file.getFileName().toString().equals("stock.csv")) {
                try {
                    Files.writeString(data.resolve("journal/2026-12.log"), "vente 2\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThatThrownBy(() -> archives.archiveSince("production-data", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()))
                .isInstanceOf(SourceChangedException.class)
                .hasMessageStartingWith("Le fichier « journal/2026-12.log » a changé pendant l'archivage : sa taille ou"
                        + " sa date de modification a changé");
        assertThat(store().find("production-data")).isEmpty();
    }

    /** After {@code read} is read into the archive, a writer appends to {@code written} a second later. */
    private AfterFileRead writeOnceAfterReading(String read, String written) {
        return file -> {
            if (file.getFileName().toString().equals(read) && writer == null) {
                writer = new Thread(() -> {
                    sleep(Duration.ofSeconds(1));
                    try {
                        Files.writeString(data.resolve(written), "B;4\n", StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.start();
            }
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ArchiveStore store() {
        return store(AfterFileRead.NOTHING);
    }

    private ArchiveStore store(AfterFileRead afterFileRead) {
        return new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                afterFileRead, Duration.ZERO);
    }

    private DataArchives dataArchives(Duration settle, AfterFileRead afterFileRead) {
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        DataStores stores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(data, settle)).build();
        return new DataArchives(store(afterFileRead), stores, environments);
    }
}
