package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;

/**
 * The restore drill in the window, as the release runs it: the base archived while production ran and restored into a
 * kept copy then; in the window the delta written over that copy, or base and delta extracted in full when the copy is
 * not provably intact. Either way the drill proves what was archived, and a corrupt delta stops the release before
 * the install.
 */
class KeptBaseDrillTest {

    private static final String RELEASE = "7a1c2e34-release";
    private static final String DELTA = "production-data-1.0-t2";

    @TempDir
    Path work;

    private final Installer installer = new Installer(Clock.systemUTC());
    private ArchiveStore archives;
    private RestoredBase restoredBase;
    private DrillRestoreStep drill;
    private Path data;
    private Path app;
    private List<FileDigest> archived;

    @BeforeEach
    void baseKeptBeforeTheWindowThenDeltaInIt() throws Exception {
        data = Files.createDirectories(work.resolve("production/data"));
        app = work.resolve("production/app");
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        DataStores stores = new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(data, Duration.ofMillis(100))).build();
        DataArchives dataArchives = new DataArchives(archives, stores, environments);
        restoredBase = new RestoredBase(archives);
        drill = new DrillRestoreStep(archives, dataArchives, stores, restoredBase, Clock.systemUTC());

        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.writeString(data.resolve("stock.csv"), "A;10\nB;4\n");
        Files.createDirectories(data.resolve("journal"));
        Files.writeString(data.resolve("journal/2026-11.log"), "novembre\n");
        // Older than the file system's timestamp granularity (2 s) when the base reads them: stamped, so the delta
        // leaves them out and the drill takes them from the kept copy.
        Thread.sleep(2_100);
        Archive base = dataArchives.archiveWhileInUse("production-base-1.0-t1", Environments.PRODUCTION, "1.0")
                .orElseThrow();
        assertThat(restoredBase.keep(RELEASE, base.id())).isTrue();

        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n2;Martin\n");
        Files.writeString(data.resolve("journal/2026-12.log"), "décembre\n");
        Archive delta = dataArchives.archiveSince(DELTA, Environments.PRODUCTION, "1.0", base.id(), base.treeSha256());
        assertThat(delta.baseId()).isEqualTo(base.id());
        assertThat(delta.files()).extracting(FileDigest::path).containsExactly("clients.csv", "journal/2026-12.log");
        archived = FolderDigest.of(data);
    }

    private String drill(String taskId) throws Exception {
        return drill.run(task(taskId, RELEASE, Map.of(DATA_ARCHIVE_ID.name(), DELTA, INSTALLER_ARCHIVE_ID.name(),
                "installer-1.0-t0", PREVIOUS_PRODUCTION_VERSION.name(), "1.0"))).get(DRILL_REPORT.name()).toString();
    }

    private Path kept() {
        return archives.root().resolve(".restored-" + RELEASE);
    }

    @Test
    void theWindowsDrillWritesTheDeltaOverTheKeptBaseAndProvesWhatWasArchived() throws Exception {
        assertThat(drill("t3")).startsWith("Exercice de restauration réussi")
                .contains("l'archive différentielle " + DELTA + " a été appliquée à la copie restaurée et vérifiée de "
                        + "son archive de base production-base-1.0-t1")
                .contains("(4 fichiers, ").contains("empreinte " + FolderDigest.treeSha256(archived));
        assertThat(workFolders()).as("the copy served once; set aside as an attempt, to be deleted after the window")
                .singleElement().asString().startsWith(".restored-" + RELEASE + ".tmp-");

        restoredBase.discard(RELEASE);
        assertThat(workFolders()).as("the release's end deletes it").isEmpty();
    }

    @Test
    void aKeptBaseWrittenSinceItsVerificationGivesTheFullDrillWhichSaysWhy() throws Exception {
        Path file = kept().resolve("data/stock.csv");
        FileTime modified = Files.getLastModifiedTime(file);
        Files.writeString(file, "A;99\nB;4\n");
        Files.setLastModifiedTime(file, modified);

        assertThat(drill("t3")).contains("l'archive " + DELTA + " a été restaurée dans un emplacement d'essai et "
                        + "redonne exactement les données archivées (restaurée en entier : le fichier « stock.csv » de "
                        + "la copie gardée a changé depuis sa vérification)")
                .contains("empreinte " + FolderDigest.treeSha256(archived));
        assertThat(workFolders()).isEmpty();
    }

    @Test
    void aDeletedKeptBaseGivesTheFullDrill() throws Exception {
        FileTrees.deleteRecursively(kept());

        assertThat(drill("t3")).contains("(restaurée en entier : aucune copie restaurée de l'archive de base n'a été "
                + "gardée pour cette mise en production)").contains("empreinte " + FolderDigest.treeSha256(archived));
    }

    @Test
    void aCorruptDeltaIsRefusedBeforeTheInstallWithProductionUntouched() throws Exception {
        Path deltaFile = archives.find(DELTA).orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(deltaFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(deltaFile, bytes);

        assertThatThrownBy(() -> drill("t3")).isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive " + DELTA + " is corrupted"));

        assertThat(FolderDigest.of(data)).isEqualTo(archived);
        assertThat(installer.installedVersion(app)).contains("1.0");
    }

    @Test
    void installerArchivesVerifiedBeforeTheWindowAreCheckedByTheirStampAndTheReportSaysWhen() throws Exception {
        // What the base step does before the window: the installer archives verified in depth, their stamps recorded.
        archives.verifyAndRecord("installer-1.0-t0");

        assertThat(drill("t3")).containsPattern("l'archive du programme d'installation installer-1\\.0-t0 a été relue"
                        + " et vérifiée avant la fenêtre \\(le \\d\\d/\\d\\d/\\d{4} à \\d\\d:\\d\\d:\\d\\d UTC\\) et son "
                        + "fichier est inchangé depuis \\(taille, dates et inode\\)")
                .contains("l'archive du programme de la version 1.0 (installer-1.0-t0), qu'une remise en fonction "
                        + "réinstallerait, a été relue et vérifiée avant la fenêtre (le ");
    }

    @Test
    void anInstallerArchiveAlteredAfterItsVerificationBeforeTheWindowIsCaughtInTheWindow() throws Exception {
        archives.verifyAndRecord("installer-1.0-t0");
        // Altered in place, same size, its modification time put back: only its change time tells.
        Path file = archives.find("installer-1.0-t0").orElseThrow().archiveFile();
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, modified);

        assertThatThrownBy(() -> drill("t3")).isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive installer-1.0-t0 is corrupted"));
        assertThat(installer.installedVersion(app)).contains("1.0");
    }

    @Test
    void aDrillReDeliveredAfterACrashDiscardsTheCopyItHadTakenAndDrillsInFull() throws Exception {
        // The dead attempt had taken the copy into its scratch folder and begun writing the delta over it.
        Path taken = archives.scratchFolder("t3").resolve("kept");
        Files.createDirectories(taken.getParent());
        Files.move(kept(), taken);
        Files.writeString(taken.resolve("data/clients.csv"), "id;nom\n1;Dup");

        assertThat(drill("t3")).contains("(restaurée en entier : aucune copie restaurée de l'archive de base")
                .contains("empreinte " + FolderDigest.treeSha256(archived));
        assertThat(workFolders()).isEmpty();
    }

    private List<String> workFolders() throws Exception {
        try (Stream<Path> children = Files.list(archives.root())) {
            return children.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".")).toList();
        }
    }

    /** What a refusal tells: the person's French reason and, for the server's log, its technical detail. */
    private static String told(Throwable refusal) {
        return refusal.getMessage() + (refusal instanceof org.releasegate.RejectedInputException rejected
                ? " " + rejected.detail().orElse("") : "");
    }
}
