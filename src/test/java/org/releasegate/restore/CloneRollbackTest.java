package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.ServerClones;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * A rollback before the clone taken in the window was archived, on a real PostgreSQL server: what it would lose is
 * told against the clone, and the restore renames the clone into production's place after archiving production's
 * current state, reinstalling the previous program; a re-delivered task after a crash finishes without a second
 * swap, and a clone written since its check is refused before production is touched.
 */
class CloneRollbackTest {

    private static final String DATABASE = "gestan_clonerb";

    static TestPostgres postgres;

    @TempDir
    Path work;

    private final Installer installer = new Installer(Clock.systemUTC());
    private Path app;
    private ArchiveStore archives;
    private DataStores stores;
    private DataStore production;
    private DataArchives dataArchives;
    private Environments environments;
    private String clone;
    private Fingerprint beforeRelease;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void releaseInstalledAfterACloneNotConform() throws Exception {
        postgres.recreateDatabase(DATABASE, "CREATE TABLE clients (id integer PRIMARY KEY, nom text)",
                "INSERT INTO clients SELECT i, 'Client ' || i FROM generate_series(1, 300) i",
                "CREATE SEQUENCE facture_seq");
        EnvironmentProperties.DataStoreSettings settings = postgres.storeSettings(DATABASE);
        stores = new TestStores().with(Environments.PRODUCTION, settings).build();
        production = stores.of(Environments.PRODUCTION);
        app = work.resolve("production/app");
        environments = mock(Environments.class);
        when(environments.get(Environments.PRODUCTION)).thenReturn(new EnvironmentProperties.Environment(app, settings, null));
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        dataArchives = new DataArchives(archives, stores, environments);
        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);

        // the window: stopped, cloned, the new version's installer archived and installed, its migration run
        production.quiesce(Duration.ZERO);
        beforeRelease = production.fingerprint();
        ServerClones clones = production.serverClones().orElseThrow();
        clone = clones.cloneStopped(clones.nameFor("release-1"), "test").name();
        Path package11 = writePackage(work.resolve("inbox-1.1"), "1.1");
        archives.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        production.reopen();
        postgres.execute(DATABASE, "ALTER TABLE clients ADD COLUMN pays text", "UPDATE clients SET pays = 'FR'",
                "INSERT INTO clients VALUES (301, 'Nouveau', 'BE')", "SELECT nextval('facture_seq')",
                "SELECT nextval('facture_seq')", "SELECT nextval('facture_seq')");
    }

    @Test
    void theLossIsToldAgainstTheCloneAndTheRestoreRenamesItIntoPlace() throws Exception {
        Map<String, Object> variables = Map.of(PREVIOUS_PRODUCTION_VERSION.name(), "1.0", PRODUCTION_CLONE.name(), clone,
                PRODUCTION_CLONE_SHA256.name(), beforeRelease.sha256());
        String cost = (String) new AssessRollbackStep(archives, dataArchives, stores, environments, Clock.systemUTC())
                .run(task("t2", variables)).get(ROLLBACK_COST.name());
        assertThat(cost).contains("dans le clone « " + clone + " »").contains("par un renommage")
                .contains("Changé depuis le clone (1 tables").contains("public.clients")
                .contains("facture_seq : les numéros 1 à 3 seraient attribués une seconde fois");

        production.quiesce(Duration.ZERO);
        RestoreArchiveStep restore = new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));
        Fingerprint released = production.fingerprint();
        String preRestore = (String) restore.run(task("t3", variables)).get(PRE_RESTORE_ARCHIVE_ID.name());

        assertThat(production.fingerprint().sameContentAs(beforeRelease)).isTrue();
        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(production.serverClones().orElseThrow().exists(clone)).as("renamed, not copied").isFalse();
        assertThat(dataArchives.contentOf(preRestore).sameContentAs(released))
                .as("production's state before the rollback is archived first").isTrue();

        // the task delivered again after a crash past the rename: it finds the work done and reports the same archive
        assertThat(restore.run(task("t3", variables)).get(PRE_RESTORE_ARCHIVE_ID.name())).isEqualTo(preRestore);
        assertThat(production.fingerprint().sameContentAs(beforeRelease)).isTrue();
    }

    @Test
    void aCloneThatIsNotTheStoppedProductionIsToldByTheAssessmentBeforeTheDecision() throws Exception {
        // the window read the stopped production only: the clone is first read whole here
        postgres.executeAsSuperuser(clone, "DELETE FROM clients WHERE id = 5");
        Map<String, Object> variables = Map.of(PREVIOUS_PRODUCTION_VERSION.name(), "1.0", PRODUCTION_CLONE.name(), clone,
                PRODUCTION_CLONE_SHA256.name(), beforeRelease.sha256());

        String cost = (String) new AssessRollbackStep(archives, dataArchives, stores, environments, Clock.systemUTC())
                .run(task("t2", variables)).get(ROLLBACK_COST.name());

        assertThat(cost).startsWith("Le clone « " + clone + " » ne contient pas ce que contenait la production à son"
                + " arrêt").contains("Une remise en fonction à partir de ce clone serait refusée");
    }

    @Test
    void aCloneWrittenSinceTheWindowIsRefusedBeforeProductionIsTouched() throws Exception {
        postgres.executeAsSuperuser(clone, "DELETE FROM clients WHERE id = 5");
        production.quiesce(Duration.ZERO);
        Fingerprint released = production.fingerprint();
        RestoreArchiveStep restore = new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));

        assertThatThrownBy(() -> restore.run(task("t3", Map.of(PREVIOUS_PRODUCTION_VERSION.name(), "1.0",
                PRODUCTION_CLONE.name(), clone, PRODUCTION_CLONE_SHA256.name(), beforeRelease.sha256()))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("ne contient plus ce qu'il contenait à l'arrêt de la production")
                .hasMessageContaining("Rien n'a été modifié")
                .satisfies(refused -> assertThat(((RejectedInputException) refused).detail()).isPresent());
        assertThat(production.fingerprint().sameContentAs(released)).isTrue();
        assertThat(installer.installedVersion(app)).contains("1.1");
    }
}
