package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveCorruptedException;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.RestoredBase;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderCopier;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/** The drill and the rollback read a delta and its base as one archive, through DataArchives, unchanged. */
class DeltaRestoreTest {

    @TempDir
    Path work;

    private final Installer installer = new Installer(Clock.systemUTC());
    private ArchiveStore archives;
    private DataArchives dataArchives;
    private RestoreArchiveStep restore;
    private DrillRestoreStep drill;
    private Path data;
    private Path app;
    private List<FileDigest> archived;

    @BeforeEach
    void productionArchivedAsABaseThenADeltaInTheWindow() throws IOException {
        data = Files.createDirectories(work.resolve("production/data"));
        app = work.resolve("production/app");
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        DataStores stores = new DataStores(new EnvironmentProperties(Map.of(Environments.PRODUCTION,
                new EnvironmentProperties.Environment(app, new EnvironmentProperties.DataStoreSettings("directory", data,
                        null, null, null, 2, null, null, "postgres", null, List.of(), List.of(), List.of()), null))), new FolderCopier());
        dataArchives = new DataArchives(archives, stores, environments);
        restore = new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));
        drill = new DrillRestoreStep(archives, dataArchives, stores, new RestoredBase(archives), Clock.systemUTC());

        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.writeString(data.resolve("brouillon.tmp"), "à jeter");
        Files.createDirectories(data.resolve("journal"));
        Files.writeString(data.resolve("journal/2026-11.log"), "novembre\n");
        Archive base = dataArchives.archive("production-base-1.0-t1", Environments.PRODUCTION, "1.0");

        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
        Files.delete(data.resolve("brouillon.tmp"));
        Files.writeString(data.resolve("journal/2026-12.log"), "décembre\n");
        Archive delta = dataArchives.archiveSince("production-data-1.0-t2", Environments.PRODUCTION, "1.0", base.id(),
                base.treeSha256());
        assertThat(delta.baseId()).isEqualTo(base.id());
        archived = FolderDigest.of(data);

        // as a release does, the program production is given is archived first: a rollback may have to give it back
        Path package11 = writePackage(work.resolve("inbox"), "1.1");
        archives.createFromFile("installer-1.1-t2", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        Files.writeString(data.resolve("clients.csv"), "id;nom;pays\n1;Dupont;FR\n");
    }

    @Test
    void theDrillRestoresTheWholeContentFromTheBaseAndTheDelta() throws Exception {
        VariableMap result = drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t2")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0").and(PREVIOUS_PRODUCTION_VERSION, "1.0")));

        assertThat(DRILL_REPORT.from(result)).startsWith("Exercice de restauration réussi")
                .contains("(3 fichiers, ").contains("empreinte " + FolderDigest.treeSha256(archived));
    }

    @Test
    void theRollbackPutsBackTheWholeContentWithTheDeletionsHonoured() throws Exception {
        restore.run(task("t4", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t2")));

        assertThat(FolderDigest.of(data)).isEqualTo(archived);
        assertThat(data.resolve("brouillon.tmp")).doesNotExist();
        assertThat(installer.installedVersion(app)).contains("1.0");
    }

    @Test
    void aMissingBaseStopsTheDrillAndTheRollbackInFrenchWithProductionUntouched() throws Exception {
        Path base = archives.find("production-base-1.0-t1").orElseThrow().folder();
        Files.move(base, work.resolve("moved-away"));
        List<FileDigest> before = FolderDigest.of(data);
        String expected = "L'archive de base « production-base-1.0-t1 », dont l'archive différentielle "
                + "« production-data-1.0-t2 » a besoin, est introuvable : les données ne peuvent pas être restaurées à "
                + "partir de cette paire d'archives.";

        assertThatThrownBy(() -> drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t2")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0")))).isInstanceOf(ArchiveCorruptedException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> restore.run(task("t4", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t2")))).isInstanceOf(ArchiveCorruptedException.class)
                .hasMessage(expected);

        assertThat(FolderDigest.of(data)).isEqualTo(before);
        assertThat(installer.installedVersion(app)).contains("1.1");
    }

    @Test
    void aDamagedBaseStopsTheRollbackBeforeProductionIsTouched() throws Exception {
        Path baseFile = archives.find("production-base-1.0-t1").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(baseFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(baseFile, bytes);
        List<FileDigest> before = FolderDigest.of(data);

        assertThatThrownBy(() -> restore.run(task("t4", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t2")))).isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("est endommagée"));

        assertThat(FolderDigest.of(data)).isEqualTo(before);
        assertThat(installer.installedVersion(app)).contains("1.1");
    }

    /** What a refusal tells: the person's French reason and, for the server's log, its technical detail. */
    private static String told(Throwable refusal) {
        return refusal.getMessage() + (refusal instanceof org.releasegate.RejectedInputException rejected
                ? " " + rejected.detail().orElse("") : "");
    }
}
