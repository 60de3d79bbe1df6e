package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FolderDigest;

/**
 * The post-install fingerprint of a folder pays for what changed since its archive ({@link ArchiveStore#digestSince}):
 * a file keeps its recorded digest only while its stamp is the one recorded when the archive hashed it; whatever wrote
 * to it since — the delta's changes, the install's, a write that puts the modification time back, a copy renamed over
 * it, a change of mode — has it hashed again. Every case gives exactly what hashing the whole folder gives.
 */
class DigestSinceArchiveTest {

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private Path data;
    private ArchiveStore store;

    @BeforeEach
    void productionArchivedInFull() throws Exception {
        assumeTrue(FileStamp.UNIX, "stamps need change times and inodes");
        data = Files.createDirectories(work.resolve("data"));
        store = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ZERO);
        write("tables/clients.dat", "1;Dupont\n2;Martin\n");
        write("tables/stock.dat", "A;10\nB;20\n");
        write("tables/archive-2024/old.dat", "ancien");
        write("config/erp.properties", "devise=EUR\n");
        write("journal.log", "start\n");
        Thread.sleep(20);
        store.createFromFolder("base", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);
        // Past the kernel's timestamp tick: a write from now on is bound to give a newer change time.
        Thread.sleep(50);
        clock.step(Duration.ofDays(2));
    }

    @Test
    void filesUnwrittenSinceTheArchiveAreNotReadAgain() throws Exception {
        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.reused()).isEqualTo(5);
        assertThat(digested.hashed()).isZero();
        assertThat(digested.hashedBytes()).isZero();
    }

    @Test
    void aFileTheInstallChangedIsHashedAndANewOneToo() throws Exception {
        write("tables/clients.dat", "1;Dupont\n2;Martin\n3;Durand\n");
        write("tables/migrated.dat", "v2");
        Files.delete(data.resolve("journal.log"));

        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.hashed()).isEqualTo(2);
        assertThat(digested.reused()).isEqualTo(3);
    }

    @Test
    void aFileRewrittenWithItsSizeAndModificationTimePutBackIsHashed() throws Exception {
        Path stock = data.resolve("tables/stock.dat");
        FileTime modified = Files.getLastModifiedTime(stock);
        Files.writeString(stock, "A;99\nB;00\n");
        Files.setLastModifiedTime(stock, modified);

        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).as("its change time is new: no program can set it back")
                .isEqualTo(FolderDigest.of(data));
        assertThat(digested.hashed()).isEqualTo(1);
    }

    @Test
    void aFileRewrittenThenTouchedBackWithTheTouchCommandIsHashed() throws Exception {
        Path clients = data.resolve("tables/clients.dat");
        String modified = Files.getLastModifiedTime(clients).toInstant().toString();
        Files.writeString(clients, "1;Dupond\n2;Martin\n");
        Process touch = new ProcessBuilder("touch", "-d", modified, clients.toString()).inheritIO().start();
        assumeTrue(touch.waitFor(30, TimeUnit.SECONDS) && touch.exitValue() == 0, "touch -d is available");
        assertThat(Files.getLastModifiedTime(clients).toInstant().toString()).isEqualTo(modified);

        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.files()).filteredOn(file -> file.path().equals("tables/clients.dat")).singleElement()
                .extracting(file -> file.sha256()).isEqualTo(FolderDigest.sha256(clients));
        assertThat(digested.hashed()).isEqualTo(1);
    }

    @Test
    void aCopyWithTheSameTimesRenamedOverAFileIsHashed() throws Exception {
        Path journal = data.resolve("journal.log");
        Path copy = work.resolve("journal.copy");
        Files.writeString(copy, "stArt\n");
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(journal));
        Files.move(copy, journal, StandardCopyOption.REPLACE_EXISTING);

        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).as("another inode").isEqualTo(FolderDigest.of(data));
        assertThat(digested.hashed()).isEqualTo(1);
    }

    @Test
    void aChangeOfModeAloneHasTheFileHashedAgain() throws Exception {
        Files.setPosixFilePermissions(data.resolve("config/erp.properties"), PosixFilePermissions.fromString("r--------"));

        ArchiveStore.Digested digested = store.digestSince("base", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.hashed()).isEqualTo(1);
    }

    @Test
    void afterADeltaTheDeltasFilesAndTheInstallsAreHashedTheBasesOthersAreNot() throws Exception {
        write("tables/clients.dat", "1;Dupont\n2;Martin\n3;Durand\n");
        write("tables/new.dat", "nouveau");
        Files.delete(data.resolve("tables/archive-2024/old.dat"));
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");
        Thread.sleep(50);
        // The install: one file the delta did not pack, one it did, and a file put back where the delta saw none.
        write("tables/stock.dat", "A;11\nB;21\n");
        write("tables/new.dat", "migré");
        write("tables/archive-2024/old.dat", "ancien");

        ArchiveStore.Digested digested = store.digestSince("delta", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.reused()).as("config/erp.properties, journal.log").isEqualTo(2);
        assertThat(digested.hashed()).as("clients (the delta's), new (the delta's, the install's), stock and old (the"
                + " install's)").isEqualTo(4);
    }

    @Test
    void aFileTheDeltaPackedIsHashedEvenWhenNothingWroteItSince() throws Exception {
        write("tables/clients.dat", "1;Dupont\n2;Martin\n3;Durand\n");
        store.createDelta("delta", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data, "base");

        ArchiveStore.Digested digested = store.digestSince("delta", data);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(data));
        assertThat(digested.hashed()).isEqualTo(1);
        assertThat(digested.reused()).isEqualTo(4);
    }

    @Test
    void anotherFolderWithTheSameFilesAndTimesIsHashedWhole() throws Exception {
        Path copy = work.resolve("copy");
        for (String name : new String[] {"tables/clients.dat", "tables/stock.dat", "tables/archive-2024/old.dat",
                "config/erp.properties", "journal.log"}) {
            Files.createDirectories(copy.resolve(name).getParent());
            Files.copy(data.resolve(name), copy.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }

        ArchiveStore.Digested digested = store.digestSince("base", copy);

        assertThat(digested.files()).isEqualTo(FolderDigest.of(copy));
        assertThat(digested.reused()).as("other inodes").isZero();
    }

    private void write(String name, String content) throws IOException {
        Path file = data.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
