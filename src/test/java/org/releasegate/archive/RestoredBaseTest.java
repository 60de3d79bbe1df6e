package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.spring.boot.starter.event.ExecutionEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.releasegate.data.DataStores;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.files.FolderDigest;
import org.releasegate.process.ReleasePolicy;

/**
 * The base restored and verified before the window, kept for the release: the window's drill writes only the delta
 * over it, and falls back to a full drill whenever the copy is not provably the verified base.
 */
class RestoredBaseTest {

    private static final String RELEASE = "release-1";

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private ArchiveStore store;
    private DataArchives dataArchives;
    private RestoredBase restoredBase;
    private Path data;
    private Archive base;

    @BeforeEach
    void baseArchivedWhileProductionRunsThenKept() throws Exception {
        data = Files.createDirectories(work.resolve("production/data"));
        store = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ofMillis(50));
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        DataStores stores = new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(data, Duration.ofMillis(100))).build();
        dataArchives = new DataArchives(store, stores, environments);
        restoredBase = new RestoredBase(store);
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.writeString(data.resolve("brouillon.tmp"), "à jeter");
        Files.createDirectories(data.resolve("journal"));
        Files.writeString(data.resolve("journal/2026-11.log"), "novembre\n");
        Files.createDirectories(data.resolve("pieces/2021"));
        Files.writeString(data.resolve("pieces/2021/devis-1.txt"), "devis 1");
        Files.writeString(data.resolve("pieces/2021/devis-2.txt"), "devis 2");
        Thread.sleep(100);
        base = dataArchives.archiveWhileInUse("production-base-1.0-t1", Environments.PRODUCTION, "1.0").orElseThrow();
        assertThat(restoredBase.keep(RELEASE, base.id())).isTrue();
        clock.step(Duration.ofDays(3));
    }

    /** Days of work, then the window's archive: a delta of the base. */
    private Archive changedThenArchivedInTheWindow() throws Exception {
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
        Files.delete(data.resolve("brouillon.tmp"));
        Files.delete(data.resolve("pieces/2021/devis-1.txt"));
        Files.delete(data.resolve("pieces/2021/devis-2.txt"));
        Files.delete(data.resolve("pieces/2021"));
        Files.writeString(data.resolve("journal/2026-12.log"), "décembre\n");
        Files.createDirectories(data.resolve("pieces/2026"));
        Files.writeString(data.resolve("pieces/2026/facture-9.txt"), "facture 9");
        Archive delta = dataArchives.archiveSince("production-data-1.0-t2", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256());
        assertThat(delta.baseId()).isEqualTo(base.id());
        return delta;
    }

    private Path kept() {
        return store.root().resolve(".restored-" + RELEASE);
    }

    @Test
    void theBaseIsRestoredVerifiedAndKeptPrivateForTheRelease() throws Exception {
        assertThat(FolderDigest.of(kept().resolve("data"))).isEqualTo(base.files());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept()))).isEqualTo("rwx------");
        assertThat(base.folder().resolve(ArchiveStore.VERIFIED_FILE)).as("the base file's stamp, recorded").exists();
        assertThat(store.list()).as("no archive besides the base").extracting(Archive::id).containsExactly(base.id());
    }

    @Test
    void theWindowsDrillWritesOnlyTheDeltaOverTheKeptCopyAndNeverReadsTheBaseFile() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        Path baseFile = base.archiveFile();
        RestoredBase.Drill drill;
        try (MockedStatic<Sha256> sha256 = mockStatic(Sha256.class, CALLS_REAL_METHODS);
             MockedStatic<ArchiveReader> reader = mockStatic(ArchiveReader.class, CALLS_REAL_METHODS)) {
            drill = restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch/kept"));

            sha256.verify(() -> Sha256.of(baseFile), never());
            sha256.verify(() -> Sha256.of(delta.archiveFile()), times(1));
            reader.verify(() -> ArchiveReader.extract(eq(base.id()), any(), any(), any()), never());
            reader.verify(() -> ArchiveReader.check(eq(base.id()), any(), any()), never());
            reader.verify(() -> ArchiveReader.overlay(eq(delta.id()), any(), any(), any()), times(1));
        }

        assertThat(drill.applied()).as(String.valueOf(drill.unusable())).isTrue();
        assertThat(drill.baseId()).isEqualTo(base.id());
        assertThat(drill.files()).isEqualTo(FolderDigest.of(data)).isEqualTo(store.contentFiles(delta.id()));
        assertThat(FolderDigest.of(work.resolve("scratch/kept/data"))).isEqualTo(FolderDigest.of(data));
        assertThat(kept()).as("taken by the drill: it serves one drill at most").doesNotExist();
    }

    @Test
    void theFullExtractionStillReadsTheBaseFileWhichTheSpyWouldSee() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        try (MockedStatic<Sha256> sha256 = mockStatic(Sha256.class, CALLS_REAL_METHODS)) {
            store.extractTo(delta.id(), work.resolve("restore"));

            sha256.verify(() -> Sha256.of(base.archiveFile()), times(1));
        }
        assertThat(FolderDigest.of(work.resolve("restore"))).isEqualTo(FolderDigest.of(data));
    }

    @Test
    void theWindowsArchiveDoesNotReHashABaseFileUnchangedSinceItsVerification() throws Exception {
        List<String> rehashed = countingBaseHashes();

        changedThenArchivedInTheWindow();

        assertThat(rehashed).isEmpty();
    }

    @Test
    void aBaseFileTouchedSinceItsVerificationIsReHashedAndOneDamagedGivesAFullArchive() throws Exception {
        List<String> rehashed = countingBaseHashes();
        Path baseFile = base.archiveFile();
        // Same bytes, same modification time: only the change time tells that something wrote to it.
        FileTime modified = Files.getLastModifiedTime(baseFile);
        Files.setLastModifiedTime(baseFile, modified);
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
        assertThat(dataArchives.archiveSince("production-data-1.0-t2", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()).baseId()).isEqualTo(base.id());

        assertThat(rehashed).containsExactly(base.id());

        byte[] bytes = Files.readAllBytes(baseFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(baseFile, bytes);
        Files.setLastModifiedTime(baseFile, modified);
        assertThat(dataArchives.archiveSince("production-data-1.0-t3", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()).baseId()).as("damaged since its verification: archived in full").isNull();
    }

    @Test
    void aKeptFileWrittenSinceItsVerificationSendsTheDrillBackToAFullOne() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        Path file = kept().resolve("data/journal/2026-11.log");
        FileTime modified = Files.getLastModifiedTime(file);
        Files.writeString(file, "NOVEMBRE\n");
        Files.setLastModifiedTime(file, modified);

        RestoredBase.Drill drill = restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch/kept"));

        assertThat(drill.applied()).isFalse();
        assertThat(drill.unusable()).isEqualTo("le fichier « journal/2026-11.log » de la copie gardée a changé depuis "
                + "sa vérification");
    }

    @Test
    void aKeptCopyTheDeltaDoesNotApplyToIsNotUsedAndItsReasonNamesNoServerPath() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        Files.delete(kept().resolve("data/brouillon.tmp"));

        RestoredBase.Drill drill = restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch/kept"));

        assertThat(drill.applied()).isFalse();
        assertThat(drill.unusable()).isEqualTo("la copie gardée ne se prête pas à l'archive différentielle (voir le "
                + "journal du serveur)").doesNotContain(work.toString());
    }

    @Test
    void aKeptCopyDeletedOrAddedToIsNotUsed() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        Files.writeString(kept().resolve("data/journal/intrus.log"), "ajouté");

        assertThat(restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch-1/kept")).unusable())
                .isEqualTo("la copie gardée ne contient plus les fichiers et dossiers de l'archive de base");
        assertThat(restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch-2/kept")).unusable())
                .as("the first drill took it").isEqualTo("aucune copie restaurée de l'archive de base n'a été gardée "
                        + "pour cette mise en production");
    }

    @Test
    void aCopyOfAnotherBaseOrAnUnreadableRecordIsNotUsed() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        Files.writeString(kept().resolve(RestoredBase.RECORD), "{tronqué");

        assertThat(restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch/kept")).unusable())
                .isEqualTo("la copie gardée n'est pas celle de l'archive de base « production-base-1.0-t1 »");
    }

    @Test
    void aCorruptDeltaIsRefused() throws Exception {
        Archive delta = changedThenArchivedInTheWindow();
        byte[] bytes = Files.readAllBytes(delta.archiveFile());
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(delta.archiveFile(), bytes);

        assertThatThrownBy(() -> restoredBase.drill(RELEASE, delta.id(), work.resolve("scratch/kept")))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive production-data-1.0-t2 is corrupted: content.tar.zst has sha256"));
    }

    @Test
    void crashLeftoversAreDeletedWhenTheNextCopyIsKeptAndAReDeliveredKeepReusesItsCopy() throws Exception {
        Path attempt = Files.createDirectories(store.root().resolve(".restored-" + RELEASE + ".tmp-0123456789abcdef/data"));
        Files.writeString(attempt.resolve("clients.csv"), "id;n");
        Path otherRelease = Files.createDirectories(store.root().resolve(".restored-release-0/data"));
        Files.writeString(store.root().resolve(".restored-release-0/restored.json"), "{}");
        FileStamp keptRecord = FileStamp.read(kept().resolve(RestoredBase.RECORD), RestoredBase.RECORD);

        try (MockedStatic<ArchiveReader> reader = mockStatic(ArchiveReader.class, CALLS_REAL_METHODS)) {
            assertThat(restoredBase.keep(RELEASE, base.id())).isTrue();

            reader.verify(() -> ArchiveReader.extract(any(), any(), any(), any()), never());
        }
        assertThat(FileStamp.read(kept().resolve(RestoredBase.RECORD), RestoredBase.RECORD))
                .as("a re-delivered task keeps the copy it made").isEqualTo(keptRecord);

        Archive second = dataArchives.archiveWhileInUse("production-base-1.0-t9", Environments.PRODUCTION, "1.0")
                .orElseThrow();
        assertThat(restoredBase.keep(RELEASE, second.id())).isTrue();

        assertThat(ArchiveStoreTest.children(store.root())).as("one copy, of the newest base; no attempt, no other"
                + " release's").contains(".restored-" + RELEASE).noneMatch(name -> name.contains(".tmp-")
                        || name.contains("release-0") || name.startsWith(".del-"));
        assertThat(otherRelease).doesNotExist();
        assertThat(FolderDigest.of(kept().resolve("data"))).isEqualTo(second.files());
    }

    @Test
    void aBaseThatDoesNotRestoreIsRefusedAndNothingIsKept() throws Exception {
        restoredBase.discard(RELEASE);
        Path baseFile = base.archiveFile();
        byte[] bytes = Files.readAllBytes(baseFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(baseFile, bytes);

        assertThatThrownBy(() -> restoredBase.keep(RELEASE, base.id())).isInstanceOf(ArchiveCorruptedException.class);
        assertThat(ArchiveStoreTest.children(store.root())).noneMatch(name -> name.startsWith(".restored-"));
    }

    @Test
    void theEndOfTheReleaseDeletesItsCopyAndNoOtherEventDoes() throws Exception {
        RestoredBaseCleanup cleanup = new RestoredBaseCleanup(restoredBase);

        cleanup.executionEvent(event("end", "Task_ArchiveProductionBase"));
        cleanup.executionEvent(event("start", ReleasePolicy.Elements.END_ABANDONED));
        cleanup.executionEvent(event("end", ReleasePolicy.Elements.END_LATE_VERIFICATIONS_FOLLOWED_UP));
        ExecutionEvent branchEnded = event("end", null);
        when(branchEnded.getId()).thenReturn("a-concurrent-execution");
        cleanup.executionEvent(branchEnded);
        assertThat(kept()).exists();

        ExecutionEvent deleted = event("end", null);
        when(deleted.getId()).thenReturn(RELEASE);
        cleanup.executionEvent(deleted);
        assertThat(kept()).as("the release itself ended (deleted)").doesNotExist();

        for (String end : RestoredBaseCleanup.RELEASE_ENDS) {
            restoredBase.keep(RELEASE, base.id());
            cleanup.executionEvent(event("end", end));
            assertThat(kept()).as(end).doesNotExist();
        }
        assertThat(ArchiveStoreTest.children(store.root())).noneMatch(name -> name.startsWith("."));
    }

    @Test
    void retentionKeepsTheCopyOfARunningReleaseOnly() throws Exception {
        Path dead = Files.createDirectories(store.root().resolve(".restored-release-0/data"));
        // Both older than the hour retention leaves to work that carries no task id.
        Files.setLastModifiedTime(dead.getParent(), FileTime.from(Instant.parse("2026-11-01T08:00:00Z")));
        Files.setLastModifiedTime(kept(), FileTime.from(Instant.parse("2026-11-01T08:00:00Z")));
        ArchiveRetention retention = new ArchiveRetention(store, 5,
                () -> new ArchivesInUse(Set.of(base.id()), Set.of(), Set.of(), Set.of(RELEASE)));

        retention.apply();

        assertThat(kept()).exists();
        assertThat(dead.getParent()).doesNotExist();
    }

    /** The same store and data, through a store that lists every base file it re-hashes (on any thread). */
    private List<String> countingBaseHashes() {
        List<String> rehashed = new CopyOnWriteArrayList<>();
        store = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ofMillis(50)) {
            @Override
            void rehashBase(String baseId, Path baseFolder, Manifest manifest) throws java.io.IOException {
                rehashed.add(baseId);
                super.rehashBase(baseId, baseFolder, manifest);
            }
        };
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        dataArchives = new DataArchives(store, new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(data, Duration.ofMillis(100))).build(), environments);
        return rehashed;
    }

    private static ExecutionEvent event(String name, String activity) {
        ExecutionEvent event = mock(ExecutionEvent.class);
        when(event.getEventName()).thenReturn(name);
        when(event.getCurrentActivityId()).thenReturn(activity);
        when(event.getProcessInstanceId()).thenReturn(RELEASE);
        when(event.getProcessDefinitionId()).thenReturn(ReleasePolicy.PROCESS_KEY + ":3:abc");
        return event;
    }

    /** What a refusal tells: the person's French reason and, for the server's log, its technical detail. */
    private static String told(Throwable refusal) {
        return refusal.getMessage() + (refusal instanceof org.releasegate.RejectedInputException rejected
                ? " " + rejected.detail().orElse("") : "");
    }
}
