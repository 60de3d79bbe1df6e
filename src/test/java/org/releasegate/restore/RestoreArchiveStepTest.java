package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.ArchiveCorruptedException;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.RestoredBase;
import org.releasegate.archive.Tmpfs;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderCopier;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.installation.InstallMethods;
import org.springframework.mock.env.MockEnvironment;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;

/** The rollback on real files: archives extracted and checked first, production archived, then put back. */
class RestoreArchiveStepTest {

    @TempDir
    Path work;

    private final Installer installer = new Installer(Clock.systemUTC());
    private ArchiveStore archives;
    private RestoreArchiveStep step;
    private DrillRestoreStep drill;
    private Path data;
    private Path app;
    private Environments environments;
    private DataStores stores;
    private DataArchives dataArchives;

    @BeforeEach
    void productionRunsOnePointOneAfterARelease() throws IOException {
        data = Files.createDirectories(work.resolve("production/data"));
        app = work.resolve("production/app");
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        DataStores stores = new DataStores(new EnvironmentProperties(Map.of(Environments.PRODUCTION,
                new EnvironmentProperties.Environment(app, new EnvironmentProperties.DataStoreSettings("directory", data,
                        null, null, null, 2, null, null, "postgres", null, List.of(), List.of(), List.of()), null))), new FolderCopier());
        DataArchives dataArchives = new DataArchives(archives, stores, environments);
        this.environments = environments;
        this.stores = stores;
        this.dataArchives = dataArchives;
        step = new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));
        drill = new DrillRestoreStep(archives, dataArchives, stores, new RestoredBase(archives), Clock.systemUTC());

        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Files.createDirectories(data.resolve("empty-journal"));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
        archives.createFromFolder("production-data-1.0-t1", ArchiveKind.PRODUCTION_DATA, "1.0", "production", data);

        // As a release does: its installer is archived before it is installed in production.
        Path package11 = writePackage(work.resolve("inbox-1.1"), "1.1");
        archives.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        Files.writeString(data.resolve("clients.csv"), "id;nom;pays\n1;Dupont;FR\n2;Martin;BE\n");
    }

    @Test
    void restoresThePreviousVersionAndItsDataAfterArchivingTheCurrentOnes() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);

        VariableMap result = step.run(task("t2", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t1")));

        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(data.resolve("clients.csv")).hasContent("id;nom\n1;Dupont\n");
        assertThat(data.resolve("empty-journal")).isEmptyDirectory();
        assertThat(PRODUCTION_VERSION.from(result)).isEqualTo("1.0");
        String preRestore = PRE_RESTORE_ARCHIVE_ID.from(result);
        assertThat(preRestore).isEqualTo("pre-restore-data-1.1-t2");
        assertThat(archives.find(preRestore).orElseThrow().files()).as("the rollback loses nothing").isEqualTo(before);
        assertThat(children(archives.root())).as("no scratch space left")
                .containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1", "production-data-1.0-t1",
                        "pre-restore-data-1.1-t2");
    }

    @Test
    void dataThatCannotBePutBackGivesProductionItsProgramBackAndARetryFinishes() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);
        RestoreArchiveStep failing = stepWith(() -> {
            throw new IOException("disque de production démonté");
        });

        assertThatThrownBy(() -> failing.run(rollbackTask())).isInstanceOf(IOException.class)
                .hasMessage("disque de production démonté");

        assertThat(installer.installedVersion(app)).as("the previous program is not left on the new data").contains("1.1");
        assertThat(FolderDigest.of(data)).isEqualTo(before);
        assertThat(children(work.resolve("production"))).as("no staged copy left").containsExactlyInAnyOrder("app", "data");

        VariableMap result = step.run(rollbackTask());

        assertRestored(result, before);
    }

    @Test
    void aTaskReDeliveredAfterACrashBetweenTheTwoSwitchesFinishesThePair() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);

        assertThatThrownBy(() -> stepWith(RestoreArchiveStepTest::die).run(rollbackTask())).isInstanceOf(Crash.class);
        assertThat(installer.installedVersion(app)).as("what the crash left: the program switched").contains("1.0");
        assertThat(FolderDigest.of(data)).as("and the data not").isEqualTo(before);

        VariableMap result = step.run(rollbackTask());

        assertRestored(result, before);
    }

    @Test
    void aTaskReDeliveredAfterACrashBetweenTheSwitchesThatCannotFinishUndoesTheProgramSwitch() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);
        assertThatThrownBy(() -> stepWith(RestoreArchiveStepTest::die).run(rollbackTask())).isInstanceOf(Crash.class);
        Path archiveFile = archives.find("production-data-1.0-t1").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(archiveFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(archiveFile, bytes);

        assertThatThrownBy(() -> step.run(rollbackTask())).isInstanceOf(ArchiveCorruptedException.class);

        assertThat(installer.installedVersion(app)).as("the program of the data is back").contains("1.1");
        assertThat(FolderDigest.of(data)).isEqualTo(before);
    }

    @Test
    void aRefusalWhoseUndoFailsIsRetriedRatherThanRejectedSoProductionStaysStopped() throws Exception {
        RestoreArchiveStep failing = stepWith(() -> {
            // the program to go back to is gone too
            org.releasegate.files.FileTrees.deleteRecursively(archives.scratchFolder("t2").resolve("running"));
            throw new org.releasegate.RejectedInputException("données refusées");
        });

        assertThatThrownBy(() -> failing.run(rollbackTask())).isExactlyInstanceOf(IOException.class)
                .hasMessageStartingWith("La restauration a échoué (données refusées) et le programme de la version 1.1 "
                        + "n'a pas pu être remis en place : la production reste arrêtée");

        VariableMap result = step.run(rollbackTask());

        assertThat(installer.installedVersion(app)).as("the retry finishes the restore").contains("1.0");
        assertThat(PRE_RESTORE_ARCHIVE_ID.from(result)).isEqualTo("pre-restore-data-1.1-t2");
    }

    @Test
    void aTaskReDeliveredAfterBothSwitchesReportsTheSameArchiveAndChangesNothing() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);
        step.run(rollbackTask());
        List<FileDigest> restored = FolderDigest.of(data);

        VariableMap again = step.run(rollbackTask());

        assertRestored(again, before);
        assertThat(FolderDigest.of(data)).isEqualTo(restored);
    }

    @Test
    void productionDataChangedSinceThePreRestoreArchiveIsNotOverwrittenAndTheProgramGoesBack() throws Exception {
        assertThatThrownBy(() -> stepWith(RestoreArchiveStepTest::die).run(rollbackTask())).isInstanceOf(Crash.class);
        // Production was started meanwhile, on the program the crash left, and took an order.
        Files.writeString(data.resolve("commandes.csv"), "id\n1\n");
        List<FileDigest> changed = FolderDigest.of(data);

        assertThatThrownBy(() -> step.run(rollbackTask()))
                .isInstanceOf(org.releasegate.data.DataChangedSinceStagedException.class)
                .hasMessage("Les données de production (archivées dans pre-restore-data-1.1-t2) ont changé depuis leur "
                        + "mise de côté (« commandes.csv » ajouté) : elles n'ont pas été remplacées et restent telles "
                        + "quelles. Arrêtez ce qui les écrit encore, puis relancez l'étape.");

        assertThat(FolderDigest.of(data)).as("the order is kept").isEqualTo(changed);
        assertThat(installer.installedVersion(app)).as("the program of the data goes back").contains("1.1");
    }

    @Test
    void withoutAnArchiveOfTheProgramProductionRunsNothingIsTouched() throws Exception {
        org.releasegate.files.FileTrees.deleteRecursively(archives.root().resolve("installer-1.1-t1"));
        List<FileDigest> before = FolderDigest.of(data);

        assertThatThrownBy(() -> step.run(rollbackTask())).isInstanceOf(org.releasegate.RejectedInputException.class)
                .hasMessageStartingWith("Aucune archive du programme d'installation de la version 1.1, celle qui tourne "
                        + "en production");

        assertThat(installer.installedVersion(app)).contains("1.1");
        assertThat(FolderDigest.of(data)).isEqualTo(before);
    }

    @Test
    void aVersionWhoseProgramWasNeverArchivedIsRefusedInFrench() {
        assertThatThrownBy(() -> step.run(task("t2", with(PREVIOUS_PRODUCTION_VERSION, "0.9")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t1"))))
                .isInstanceOf(org.releasegate.RejectedInputException.class)
                .hasMessage("Aucune archive du programme d'installation de la version 0.9 : elle ne peut pas être "
                        + "remise en fonction. Rien n'a été modifié.");
    }

    private void assertRestored(VariableMap result, List<FileDigest> before) throws IOException {
        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(data.resolve("clients.csv")).hasContent("id;nom\n1;Dupont\n");
        assertThat(PRE_RESTORE_ARCHIVE_ID.from(result)).as("the archive the first attempt made")
                .isEqualTo("pre-restore-data-1.1-t2");
        assertThat(archives.find("pre-restore-data-1.1-t2").orElseThrow().files()).isEqualTo(before);
        assertThat(children(archives.root())).as("one pre-restore archive, no scratch space left")
                .containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1", "production-data-1.0-t1",
                        "pre-restore-data-1.1-t2");
        assertThat(children(work.resolve("production"))).containsExactlyInAnyOrder("app", "data");
    }

    private RestoreArchiveStep stepWith(RestoreArchiveStep.BetweenSwitches betweenSwitches) {
        return new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()), betweenSwitches);
    }

    private static org.camunda.bpm.client.task.ExternalTask rollbackTask() {
        return task("t2", with(PREVIOUS_PRODUCTION_VERSION, "1.0").and(DATA_ARCHIVE_ID, "production-data-1.0-t1"));
    }

    /** The JVM dies here: nothing after it runs, not even a catch. */
    private static void die() {
        throw new Crash();
    }

    private static final class Crash extends Error {
    }

    @Test
    void aCorruptedArchiveIsRefusedBeforeProductionIsTouched() throws Exception {
        Path archiveFile = archives.find("production-data-1.0-t1").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(archiveFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(archiveFile, bytes);
        List<FileDigest> before = FolderDigest.of(data);

        assertThatThrownBy(() -> step.run(task("t2", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                .and(DATA_ARCHIVE_ID, "production-data-1.0-t1"))))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("production-data-1.0-t1")).satisfies(e -> assertThat(told(e)).contains("sha256"));

        assertThat(installer.installedVersion(app)).contains("1.1");
        assertThat(FolderDigest.of(data)).isEqualTo(before);
        assertThat(children(archives.root())).containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1",
                "production-data-1.0-t1");
    }

    @Test
    void drillRestoresTheDataArchiveIntoScratchAndFindsWhatWasArchived() throws Exception {
        List<FileDigest> before = FolderDigest.of(data);

        VariableMap result = drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t1")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0").and(PREVIOUS_PRODUCTION_VERSION, "1.0")));

        assertThat(DRILL_REPORT.from(result)).startsWith("Exercice de restauration réussi en ")
                .contains("l'archive production-data-1.0-t1 a été restaurée").contains("(1 fichiers, 16 octets, empreinte ")
                .contains("installer-1.0-t0 a été relue et vérifiée")
                .endsWith("; l'archive du programme de la version 1.0 (installer-1.0-t0), qu'une remise en fonction "
                        + "réinstallerait, a été relue et vérifiée.");
        assertThat(FolderDigest.of(data)).as("production is only read").isEqualTo(before);
        assertThat(children(archives.root())).as("no scratch space left")
                .containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1", "production-data-1.0-t1");
    }

    @Test
    void drillSaysWhenTheProgramProductionRunsHasNoArchiveToRollBackTo() throws Exception {
        VariableMap result = drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t1")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0").and(PREVIOUS_PRODUCTION_VERSION, "0.9")));

        assertThat(DRILL_REPORT.from(result)).endsWith("; attention : aucune archive du programme "
                + "d'installation de la version 0.9, celle qui tourne en production : une remise en fonction ne pourrait "
                + "pas la réinstaller.");
    }

    @Test
    void drillRefusesACorruptedArchiveOfTheProgramARollbackWouldReinstall() throws Exception {
        // the release's own installer archive is sound; the one of the version production runs is not
        archives.createFromFile("installer-1.1-t8", ArchiveKind.INSTALLER, "1.1", "inbox",
                writePackage(work.resolve("inbox-1.1"), "1.1"));
        Path archiveFile = archives.find("installer-1.0-t0").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(archiveFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(archiveFile, bytes);

        assertThatThrownBy(() -> drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t1")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.1-t8").and(PREVIOUS_PRODUCTION_VERSION, "1.0"))))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains("installer-1.0-t0"));
    }

    @Test
    void drillRefusesATruncatedArchiveAsABusinessErrorBeforeProduction() throws Exception {
        Path archiveFile = archives.find("production-data-1.0-t1").orElseThrow().archiveFile();
        byte[] bytes = Files.readAllBytes(archiveFile);
        Files.write(archiveFile, java.util.Arrays.copyOf(bytes, bytes.length - 7));

        assertThatThrownBy(() -> drill.run(task("t3", with(DATA_ARCHIVE_ID, "production-data-1.0-t1")
                .and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0"))))
                .isInstanceOf(org.releasegate.RejectedInputException.class)
                .hasMessageContaining("production-data-1.0-t1");
        assertThat(children(archives.root())).containsExactlyInAnyOrder("installer-1.0-t0", "installer-1.1-t1",
                "production-data-1.0-t1");
    }

    @Test
    void aFullProductionDiskDuringTheRestoreLeavesProductionOnItsVersionAndItsData() throws Exception {
        // Archived data larger than the room left on production's disk, which still has room for the 1.0 program.
        Path bigData = Files.createDirectories(work.resolve("big-data"));
        byte[] noise = new byte[3 << 20];
        new Random(7).nextBytes(noise);
        Files.write(bigData.resolve("journal.bin"), noise);
        archives.createFromFolder("production-data-1.0-big", ArchiveKind.PRODUCTION_DATA, "1.0", "production", bigData);
        Path production = work.resolve("production");
        Path aside = work.resolve("production-aside");
        copyTree(production, aside);
        try (Tmpfs ignored = Tmpfs.mount(production, "2m")) {
            copyTree(aside, production);
            List<FileDigest> before = FolderDigest.of(data);
            Path current = Files.readSymbolicLink(app.resolve("current"));

            assertThatThrownBy(() -> step.run(task("t2", with(PREVIOUS_PRODUCTION_VERSION, "1.0")
                    .and(DATA_ARCHIVE_ID, "production-data-1.0-big"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");

            assertThat(installer.installedVersion(app)).as("the program is not switched without its data").contains("1.1");
            assertThat(Files.readSymbolicLink(app.resolve("current"))).isEqualTo(current);
            assertThat(FolderDigest.of(data)).isEqualTo(before);
            assertThat(children(production)).as("no staged copy left").containsExactlyInAnyOrder("app", "data");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        Files.createDirectories(to);
        Process cp = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).inheritIO().start();
        assertThat(cp.waitFor(30, TimeUnit.SECONDS) && cp.exitValue() == 0).as("cp -a %s %s", from, to).isTrue();
    }



    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** What a refusal tells: the person's French reason and, for the server's log, its technical detail. */
    private static String told(Throwable refusal) {
        return refusal.getMessage() + (refusal instanceof org.releasegate.RejectedInputException rejected
                ? " " + rejected.detail().orElse("") : "");
    }
}
