package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.RestoredBase;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.TestStores;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * Archive, restore drill, rollback assessment and rollback of a production kept in an H2 database (the steps as the
 * workers run them, on real database files): a snapshot archive, restored into a scratch database, rows counted.
 */
class DatabaseRollbackTest {

    private static final String USER = "gestan";
    private static final String PASSWORD = "gestan-secret";

    @TempDir
    Path work;

    private final Installer installer = new Installer(Clock.systemUTC());
    private Path database;
    private Path app;
    private ArchiveStore archives;
    private DataStores stores;
    private DataArchives dataArchives;
    private Environments environments;

    @BeforeEach
    void productionOnAnH2Database() throws Exception {
        database = work.resolve("production/db/gestan.mv.db");
        app = work.resolve("production/app");
        execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom VARCHAR(100))",
                "INSERT INTO clients SELECT X, 'Client ' || X FROM SYSTEM_RANGE(1, 300)",
                "CREATE TABLE parametres (cle VARCHAR(50) PRIMARY KEY, valeur VARCHAR(200))",
                "INSERT INTO parametres VALUES ('version', '1.0')");
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        DataStoreSettings settings = new DataStoreSettings("h2", database, null, USER, PASSWORD, 2, null, null,
                "postgres", null, List.of(), List.of("clients", "commandes"), List.of("parametres"));
        stores = new TestStores().with(Environments.PRODUCTION, settings).build();
        environments = mock(Environments.class);
        when(environments.get(Environments.PRODUCTION)).thenReturn(new EnvironmentProperties.Environment(app, settings, null));
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        dataArchives = new DataArchives(archives, stores, environments);
        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
    }

    @Test
    void databaseIsArchivedDrilledAssessedAndRestored() throws Exception {
        Fingerprint before = stores.of(Environments.PRODUCTION).fingerprint();
        Archive archive = dataArchives.archive("production-data-1.0-t1", Environments.PRODUCTION, "1.0");
        assertThat(archives.verify(archive.id(), VerificationDepth.DEEP).files()).extracting(file -> file.path())
                .contains("snapshot.json");

        String drill = DRILL_REPORT.from(new DrillRestoreStep(archives, dataArchives, stores, new RestoredBase(archives),
                Clock.systemUTC())
                .run(task("t2", with(DATA_ARCHIVE_ID, archive.id()).and(INSTALLER_ARCHIVE_ID, "installer-1.0-t0"))));
        assertThat(drill).contains("(2 tables, 301 lignes, empreinte " + before.sha256() + ")");

        Path package11 = writePackage(work.resolve("inbox"), "1.1");
        archives.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        execute("INSERT INTO clients SELECT X, 'Nouveau ' || X FROM SYSTEM_RANGE(301, 305)",
                "UPDATE parametres SET valeur = '1.1'", "CREATE TABLE commandes (id INTEGER)", "INSERT INTO commandes VALUES (1)");
        String cost = ROLLBACK_COST.from(new AssessRollbackStep(archives, dataArchives, stores, environments,
                Clock.systemUTC()).run(task("t3", with(DATA_ARCHIVE_ID, archive.id()))));
        assertThat(cost).contains("""
                Changé depuis l'archive (3 tables) — une restauration le perdrait :
                Données métier (2) :
                • CLIENTS : 5 ajoutés (301, 302, 303, 304, 305), 0 modifié, 0 supprimé
                • COMMANDES : table créée (1 ligne)
                Métadonnées de l'ERP (1) :
                • PARAMETRES : 0 ajouté, 1 modifié (version), 0 supprimé""");
        assertThat(archives.root()).as("the archive restored aside for the comparison is gone")
                .isDirectoryNotContaining(path -> path.getFileName().toString().startsWith(".scratch"));

        new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()))
                .run(task("t4", with(DATA_ARCHIVE_ID, archive.id()).and(PREVIOUS_PRODUCTION_VERSION, "1.0")));

        assertThat(stores.of(Environments.PRODUCTION).fingerprint()).isEqualTo(before);
        assertThat(installer.installedVersion(app)).contains("1.0");
        assertThat(archives.find("pre-restore-data-1.1-t4")).as("the state before the rollback is kept").isPresent();
    }

    private void execute(String... sql) throws SQLException {
        String name = database.getFileName().toString();
        String url = "jdbc:h2:file:" + database.resolveSibling(name.substring(0, name.length() - ".mv.db".length()));
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String command : sql) {
                statement.execute(command);
            }
        }
    }


}
