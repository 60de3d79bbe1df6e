package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_SHA256;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderCopier;
import org.releasegate.data.Fingerprint;
import org.releasegate.files.FolderDigest;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/** The production window's archive: a delta of the pre-window base when the base allows it, in full otherwise. */
class DataArchivesDeltaTest {

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private ArchiveStore store;
    private DataArchives dataArchives;
    private Path data;
    private Archive base;
    private Environments environments;

    @BeforeEach
    void baseArchivedDaysBeforeTheWindow() throws Exception {
        data = Files.createDirectories(work.resolve("production/data"));
        store = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper(), Compression.DEFAULT,
                AfterFileRead.NOTHING, Duration.ZERO);
        environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(work.resolve("production/app"));
        DataStores stores = new DataStores(new EnvironmentProperties(Map.of(Environments.PRODUCTION,
                new EnvironmentProperties.Environment(work.resolve("production/app"),
                        new EnvironmentProperties.DataStoreSettings("directory", data, null, null, null, 2, null, null,
                                "postgres", null, List.of(), List.of(), List.of(), Duration.ofMillis(100)), null))),
                new FolderCopier());
        dataArchives = new DataArchives(store, stores, environments);
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.writeString(data.resolve("stock.csv"), "A;10\n");
        Thread.sleep(20);
        base = dataArchives.archive("production-base", Environments.PRODUCTION, "1.0");
        clock.step(Duration.ofDays(3));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
    }

    @Test
    void anEnvironmentOfSeveralStoresTakesNoBaseWhileInUseAndIsArchivedInFullInTheWindow() throws Exception {
        Path attachments = Files.createDirectories(work.resolve("production/filestore"));
        Files.writeString(attachments.resolve("devis-1043.pdf"), "%PDF");
        DataStores withFiles = new org.releasegate.data.TestStores().with(Environments.PRODUCTION,
                org.releasegate.data.TestStores.directory(data, Duration.ofMillis(100)),
                new EnvironmentProperties.FilesSettings("pieces-jointes", attachments)).build();
        DataArchives set = new DataArchives(store, withFiles, environments);

        assertThat(set.archiveWhileInUse("set-base", Environments.PRODUCTION, "1.0"))
                .as("its parts read one after the other while written would not be one content").isEmpty();
        Archive inWindow = set.archiveSince("set-data", Environments.PRODUCTION, "1.0", null, null);

        assertThat(inWindow.baseId()).isNull();
        assertThat(set.contentOf("set-data").sameContentAs(withFiles.of(Environments.PRODUCTION).fingerprint()))
                .isTrue();
    }

    @Test
    void inTheWindowOnlyWhatChangedIsArchivedAndTheContentIsTheWholeFolder() throws Exception {
        Archive archive = dataArchives.archiveSince("production-data", Environments.PRODUCTION, "1.0",
                base.id(), base.treeSha256());

        assertThat(archive.baseId()).isEqualTo(base.id());
        assertThat(archive.files()).hasSize(1);
        Fingerprint content = dataArchives.contentOf("production-data");
        assertThat(content.sha256()).isEqualTo(FolderDigest.treeSha256(FolderDigest.of(data)))
                .isEqualTo(archive.contentSha256());
        Path extracted = dataArchives.extract("production-data", work.resolve("extracted"));
        assertThat(FolderDigest.of(extracted)).isEqualTo(FolderDigest.of(data));
    }

    @Test
    void theWindowStepArchivesADeltaOfTheReleasesBaseAndRecordsTheWholeContentsDigest() throws Exception {
        ArchiveProductionDataStep step = new ArchiveProductionDataStep(dataArchives, new InstallMethods(
                new Installer(Clock.systemUTC()), environments, new MockEnvironment(), Clock.systemUTC()));
        ExternalTask task = mock(ExternalTask.class);
        when(task.getId()).thenReturn("t9");
        when(task.getVariable(BASE_DATA_ARCHIVE_ID.name())).thenReturn(base.id());
        when(task.getVariable(BASE_DATA_ARCHIVE_SHA256.name())).thenReturn(base.treeSha256());
        when(task.getAllVariables()).thenReturn(with(BASE_DATA_ARCHIVE_ID, base.id())
                .and(BASE_DATA_ARCHIVE_SHA256, base.treeSha256()));

        VariableMap result = step.run(task);

        String id = DATA_ARCHIVE_ID.from(result);
        assertThat(store.find(id).orElseThrow().baseId()).isEqualTo(base.id());
        assertThat(result.get(DATA_ARCHIVE_SHA256.name())).isEqualTo(FolderDigest.treeSha256(FolderDigest.of(data)));
    }

    @Test
    void theBaseStepRestoresTheBaseIntoACopyKeptForTheRelease() throws Exception {
        ArchiveProductionBaseStep step = new ArchiveProductionBaseStep(dataArchives, new InstallMethods(
                new Installer(Clock.systemUTC()), environments, new MockEnvironment(), Clock.systemUTC()),
                new RestoredBase(store), store, new TestedInstallerArchive(mock(org.releasegate.inbox.Inbox.class), store));
        ExternalTask task = mock(ExternalTask.class);
        when(task.getId()).thenReturn("t8");
        when(task.getProcessInstanceId()).thenReturn("release-5");
        when(task.getAllVariables()).thenReturn(Map.of());

        VariableMap result = step.run(task);

        String id = (String) result.get(BASE_DATA_ARCHIVE_ID.name());
        assertThat(FolderDigest.of(store.root().resolve(".restored-release-5/data")))
                .isEqualTo(store.find(id).orElseThrow().files()).isEqualTo(FolderDigest.of(data));
    }

    @Test
    void aBaseWhoseContentIsNotTheOneRecordedGivesAFullArchive() throws Exception {
        Archive archive = dataArchives.archiveSince("production-data", Environments.PRODUCTION, "1.0",
                base.id(), "0".repeat(64));

        assertThat(archive.baseId()).isNull();
        assertThat(archive.files()).hasSize(2);
    }

    @Test
    void aBaseOfAnotherSourceOrMissingGivesAFullArchive() throws Exception {
        store.createFromFolder("other-base", ArchiveKind.PRODUCTION_DATA, "1.0", "test:/elsewhere", data);

        assertThat(dataArchives.archiveSince("data-1", Environments.PRODUCTION, "1.0", "other-base", null).baseId())
                .isNull();
        assertThat(dataArchives.archiveSince("data-2", Environments.PRODUCTION, "1.0", "no-such-base", null).baseId())
                .isNull();
        assertThat(dataArchives.archiveSince("data-3", Environments.PRODUCTION, "1.0", null, null).baseId()).isNull();
    }

    @Test
    void aBaseDamagedSinceItWasMadeGivesAFullArchive() throws Exception {
        byte[] bytes = Files.readAllBytes(base.archiveFile());
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(base.archiveFile(), bytes);

        Archive archive = dataArchives.archiveSince("production-data", Environments.PRODUCTION, "1.0",
                base.id(), base.treeSha256());

        assertThat(archive.id()).isEqualTo("production-data-full");
        assertThat(archive.baseId()).isNull();
        assertThat(archive.treeSha256()).isEqualTo(FolderDigest.treeSha256(FolderDigest.of(data)));
        assertThat(dataArchives.archiveSince("production-data", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256()).id()).as("a retried step finds the same archive").isEqualTo("production-data-full");
    }
}
