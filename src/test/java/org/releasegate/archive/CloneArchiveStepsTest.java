package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.CLONE_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * The clone's steps as the workers run them, on a real PostgreSQL server: cloned and checked in the window, exported
 * after the reopening into the archive a window without a clone takes (then restorable like it), refused when the
 * clone changed since its check, dropped at the end.
 */
class CloneArchiveStepsTest {

    private static final String DATABASE = "gestan_clonesteps";

    static TestPostgres postgres;

    @TempDir
    Path work;

    private ArchiveStore archives;
    private DataArchives dataArchives;
    private DataStore production;
    private CloneProductionDataStep clone;
    private ExportProductionCloneStep export;
    private DropProductionCloneStep drop;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void stoppedProductionRunningOnePointZero() throws Exception {
        postgres.recreateDatabase(DATABASE, "CREATE TABLE factures (id integer PRIMARY KEY, montant numeric(12,2))",
                "INSERT INTO factures SELECT i, i * 10.5 FROM generate_series(1, 2000) i");
        DataStores stores = new TestStores().with(Environments.PRODUCTION, postgres.storeSettings(DATABASE)).build();
        production = stores.of(Environments.PRODUCTION);
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        Environments environments = mock(Environments.class);
        Path app = work.resolve("app");
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        dataArchives = new DataArchives(archives, stores, environments);
        Installer installer = new Installer(Clock.systemUTC());
        installer.install(new InstallRequest(writePackage(work.resolve("inbox"), "1.0"), app, "1.0", null, null));
        clone = new CloneProductionDataStep(stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));
        export = new ExportProductionCloneStep(dataArchives);
        drop = new DropProductionCloneStep(stores);
        production.quiesce(Duration.ZERO);
    }

    @Test
    void clonedInTheWindowExportedAfterTheReopeningIntoARestorableArchiveThenDropped() throws Exception {
        Fingerprint stopped = production.fingerprint();
        VariableMap cloned = clone.run(task("t1", "release-1", Map.of()));
        String name = (String) cloned.get(PRODUCTION_CLONE.name());
        assertThat(name).startsWith(DATABASE + "_rgc_");
        assertThat(cloned.get(PRODUCTION_CLONE_SHA256.name())).isEqualTo(stopped.sha256());
        assertThat(cloned.get(PREVIOUS_PRODUCTION_VERSION.name())).isEqualTo("1.0");
        assertThat((String) cloned.get(CLONE_REPORT.name())).startsWith("Clone « " + name + " » pris par le serveur en ")
                .contains("sommes de contrôle de chaque ligne de la production arrêtée (1 tables, 2000 lignes")
                .contains("le clone doit redonner exactement celles-ci à son archivage");

        // the reopening: the new version writes into production, the clone keeps what it held
        production.reopen();
        postgres.execute(DATABASE, "INSERT INTO factures VALUES (2001, 99.99)");
        Map<String, Object> variables = new HashMap<>(cloned);
        VariableMap exported = export.run(task("t2", "release-1", variables));

        String archiveId = (String) exported.get(DATA_ARCHIVE_ID.name());
        assertThat(archiveId).isEqualTo("production-data-1.0-t2");
        Archive archive = archives.find(archiveId).orElseThrow();
        assertThat(archive.kind()).isEqualTo(ArchiveKind.PRODUCTION_DATA);
        assertThat(archive.source()).as("production's archive, as the window would have taken it")
                .isEqualTo("production:" + production.location());
        assertThat(exported.get(DATA_ARCHIVE_SHA256.name())).isEqualTo(archive.contentSha256());
        assertThat(dataArchives.contentOf(archiveId).sameContentAs(stopped)).isTrue();
        try (DataStore.ScratchStore scratch = production.scratch(work.resolve("drill"))) {
            assertThat(scratch.restoreSnapshot(dataArchives.extract(archiveId, work.resolve("extracted")))
                    .sameContentAs(stopped)).as("it restores what production held when stopped").isTrue();
        }
        assertThat(export.run(task("t2", "release-1", variables)).get(DATA_ARCHIVE_ID.name()))
                .as("a re-delivered task finds its archive").isEqualTo(archiveId);

        drop.run(task("t3", "release-1", variables));
        assertThat(postgres.databases()).doesNotContain(name);
        drop.run(task("t3", "release-1", variables));
    }

    @Test
    void aCloneWrittenSinceItsCheckIsNotArchived() throws Exception {
        VariableMap cloned = clone.run(task("t1", "release-1", Map.of()));
        String name = (String) cloned.get(PRODUCTION_CLONE.name());
        production.reopen();
        postgres.executeAsSuperuser(name, "DELETE FROM factures WHERE id = 1");

        assertThatThrownBy(() -> export.run(task("t2", "release-1", new HashMap<>(cloned))))
                .isInstanceOf(SourceChangedException.class)
                .hasMessageContaining("Le clone « " + name + " » ne contient pas ce que contenait la production"
                        + " arrêtée dans la fenêtre")
                .hasMessageContaining("Rien n'a été archivé.");
        assertThat(archives.list()).isEmpty();
    }

    @Test
    void aCloneDroppedByHandIsToldRatherThanArchivedEmpty() throws Exception {
        VariableMap cloned = clone.run(task("t1", "release-1", Map.of()));
        production.reopen();
        drop.run(task("t3", "release-1", new HashMap<>(cloned)));

        assertThatThrownBy(() -> export.run(task("t2", "release-1", new HashMap<>(cloned))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("n'existe plus sur le serveur");
        assertThat(archives.list()).isEmpty();
    }

    @Test
    void aCloneStepDeliveredAgainAfterACrashFindsItsCloneAndProvesItAgainstTheStoppedDatabase() throws Exception {
        Fingerprint stopped = production.fingerprint();
        // the crashed attempt: the server's clone taken, the step never completed
        String name = (String) clone.run(task("t1", "release-1", Map.of())).get(PRODUCTION_CLONE.name());

        VariableMap again = clone.run(task("t1", "release-1", Map.of()));

        assertThat(again.get(PRODUCTION_CLONE.name())).isEqualTo(name);
        assertThat(again.get(PRODUCTION_CLONE_SHA256.name())).isEqualTo(stopped.sha256());
        assertThat((String) again.get(CLONE_REPORT.name()))
                .startsWith("Clone « " + name + " » d'une tentative interrompue retrouvé et gardé")
                .contains("calculées sur les deux bases à la fois");
        assertThat(postgres.databases()).filteredOn(database -> database.startsWith(DATABASE + "_rgc_"))
                .containsExactly(name);
    }

    @Test
    void anExportCutShortByACrashIsDoneAgainByTheTaskDeliveredAgainAndLeavesNoAttempt() throws Exception {
        Fingerprint stopped = production.fingerprint();
        VariableMap cloned = clone.run(task("t1", "release-1", Map.of()));
        production.reopen();
        postgres.execute(DATABASE, "INSERT INTO factures VALUES (2001, 99.99)");
        // what a kill in the middle of the export leaves: a part of the dump in the attempt's folder
        Path attempt = Files.createDirectories(archives.root().resolve(".tmp-production-data-1.0-t2-0123456789abcdef"));
        Files.createDirectories(attempt.resolve("staging/dump"));
        Files.writeString(attempt.resolve("staging/dump/toc.dat"), "partiel");

        String archiveId = (String) export.run(task("t2", "release-1", new HashMap<>(cloned))).get(DATA_ARCHIVE_ID.name());

        assertThat(archiveId).isEqualTo("production-data-1.0-t2");
        assertThat(attempt).doesNotExist();
        assertThat(archives.verify(archiveId, VerificationDepth.DEEP).id()).isEqualTo(archiveId);
        assertThat(dataArchives.contentOf(archiveId).sameContentAs(stopped)).as("production as it was stopped").isTrue();
        try (java.util.stream.Stream<Path> left = Files.list(archives.root())) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(child -> child.startsWith(".tmp-"));
        }
    }
}
