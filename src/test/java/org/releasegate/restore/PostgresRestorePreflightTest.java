package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.PermanentStoreFailureException;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy;
import org.springframework.mock.env.MockEnvironment;

/** A rollback of a PostgreSQL production that could not restore its data is refused before production is touched. */
class PostgresRestorePreflightTest {

    private static final String DATABASE = "gestan_rollback";

    @TempDir
    Path work;

    @Test
    void aRestoreNeedingAnExtensionTheRoleCannotCreateIsRejectedBeforeProductionIsArchivedOrSwitched() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        if (postgres.databases().contains(DATABASE)) {
            postgres.executeAsSuperuser("postgres", "DROP DATABASE " + DATABASE + " WITH (FORCE)");
        }
        postgres.createDatabase(DATABASE, "CREATE TABLE clients (id integer PRIMARY KEY)",
                "INSERT INTO clients SELECT generate_series(1, 20)");
        // Created by a DBA as superuser: the role Release Gate restores as cannot create it again.
        postgres.executeAsSuperuser(DATABASE, "CREATE EXTENSION pgstattuple");
        Path app = work.resolve("production/app");
        ArchiveStore archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        DataStores stores = new TestStores().with(Environments.PRODUCTION, postgres.storeSettings(DATABASE)).build();
        Environments environments = mock(Environments.class);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        DataArchives dataArchives = new DataArchives(archives, stores, environments);
        Installer installer = new Installer(Clock.systemUTC());
        Path package10 = writePackage(work.resolve("inbox"), "1.0");
        installer.install(new InstallRequest(package10, app, "1.0", null, null));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);
        Archive archive = dataArchives.archive("production-data-1.0-t1", Environments.PRODUCTION, "1.0");
        Path package11 = writePackage(work.resolve("inbox"), "1.1");
        archives.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installer.install(new InstallRequest(package11, app, "1.1", null, null));
        postgres.execute(DATABASE, "INSERT INTO clients VALUES (21)");
        Fingerprint production = stores.of(Environments.PRODUCTION).fingerprint();
        RestoreArchiveStep step = new RestoreArchiveStep(environments, archives, dataArchives, stores,
                new InstallMethods(installer, environments, new MockEnvironment(), Clock.systemUTC()));

        assertThatThrownBy(() -> step.run(task("t4", with(DATA_ARCHIVE_ID, archive.id())
                .and(PREVIOUS_PRODUCTION_VERSION, "1.0"))))
                .isInstanceOf(PermanentStoreFailureException.class)
                .hasMessageContaining("le rôle releasegate ne peut pas créer l'extension pgstattuple : seul un"
                        + " superutilisateur peut la créer");
        assertThat(step.rejectionErrorCode()).isEqualTo(ReleasePolicy.Errors.RESTORE_REJECTED);

        assertThat(archives.find("pre-restore-data-1.1-t4")).as("production was not archived again").isEmpty();
        assertThat(installer.installedVersion(app)).as("the program was not switched").contains("1.1");
        assertThat(stores.of(Environments.PRODUCTION).fingerprint()).isEqualTo(production);
    }
}
