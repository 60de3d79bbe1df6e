package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.files.FileDigest;
import org.releasegate.data.Fingerprint;
import org.releasegate.files.FolderDigest;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.FilesSettings;
import org.releasegate.environment.Environments;
import org.releasegate.erp.ErpFixture;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * A release of a realistic ERP ({@link ErpFixture}: 250 tables in PostgreSQL owned by the ERP's own role, an
 * extension, invoice PDFs as large objects, quote and invoice sequences, an attachments folder beside the database)
 * walked through the steps as the workers run them, on a real server and real folders: production copied to test,
 * archived, migrated by the vendor's installer, assessed, and rolled back to exactly what was archived.
 */
class ErpReleaseTest {

    private static final String PRODUCTION_DB = "gestan_erp";
    private static final String TEST_DB = "gestan_erp_test";
    private static final String ARCHIVE = "production-data-1.0-t1";

    private static TestPostgres postgres;

    @TempDir
    Path work;

    private ErpFixture erp;
    private Path testAttachments;
    private DataStores stores;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void productionAndAnOldTestCopy() throws Exception {
        for (String database : postgres.databases()) {
            if (database.startsWith(PRODUCTION_DB) || database.startsWith("rg_drill_")) {
                postgres.executeAsSuperuser("postgres", "DROP DATABASE \"" + database + "\" WITH (FORCE)");
            }
        }
        erp = ErpFixture.create(postgres, PRODUCTION_DB, work.resolve("production/pieces-jointes"),
                ErpFixture.Size.tests());
        postgres.createDatabase(TEST_DB, "CREATE TABLE ancienne_copie (id integer)");
        testAttachments = Files.createDirectories(work.resolve("test/pieces-jointes"));
        Files.writeString(testAttachments.resolve("ancienne.pdf"), "%PDF ancienne copie");
        stores = new TestStores()
                .with(Environments.PRODUCTION, erp.settings(), erp.files())
                .with(Environments.TEST, ErpFixture.settings(postgres, TEST_DB),
                        new FilesSettings(ErpFixture.ATTACHMENTS, testAttachments))
                .build();
    }

    @Test
    void aCopyToTestKeepsTheOwnersGrantsExtensionsLargeObjectsSequencesAndAttachments() throws Exception {
        Fingerprint production = stores.of(Environments.PRODUCTION).fingerprint();
        assertThat(production.parts()).filteredOn(part -> part.name().startsWith("data/")).hasSize(250 + 1)
                .as("the invoices' PDFs").anyMatch(part -> part.name().equals("data/" + Fingerprint.LARGE_OBJECTS)
                        && part.count() == 40);

        Fingerprint copied = stores.copy(Environments.PRODUCTION, Environments.TEST);

        assertThat(copied.sameContentAs(production)).isTrue();
        assertThat(stores.of(Environments.TEST).fingerprint()).isEqualTo(production);
        assertThat(ErpFixture.tableOwners(postgres, TEST_DB)).hasSize(250)
                .allMatch(line -> line.endsWith(" " + ErpFixture.OWNER))
                .isEqualTo(ErpFixture.tableOwners(postgres, PRODUCTION_DB));
        assertThat(postgres.query("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
                + TEST_DB + "'")).containsExactly(ErpFixture.OWNER);
        assertThat(postgres.query(TEST_DB, "SELECT has_table_privilege('" + ErpFixture.READER
                + "', 'compta.factures', 'SELECT')")).containsExactly("t");
        assertThat(postgres.query(TEST_DB, "SELECT extname FROM pg_extension ORDER BY 1"))
                .containsExactly("citext", "pg_trgm", "plpgsql");
        assertThat(postgres.query(TEST_DB, "SELECT count(*) FROM vente.clients WHERE email = 'CLIENT7@exemple.FR'"))
                .as("e-mail addresses are still citext").containsExactly("1");
        assertThat(ErpFixture.largeObjects(postgres, TEST_DB)).hasSize(40)
                .isEqualTo(ErpFixture.largeObjects(postgres, PRODUCTION_DB));
        assertThat(postgres.query(TEST_DB, "SELECT count(*) FROM compta.factures f WHERE NOT EXISTS"
                + " (SELECT FROM pg_largeobject_metadata m WHERE m.oid = f.pdf)")).containsExactly("0");
        assertThat(postgres.query(TEST_DB, "SELECT nextval('compta.facture_numero_seq')"))
                .containsExactly(String.valueOf(ErpFixture.FIRST_INVOICE + 40));
        assertThat(FolderDigest.of(testAttachments)).hasSize(12).isEqualTo(FolderDigest.of(erp.attachments()));
    }

    @Test
    void aReleaseMigratedByTheVendorsInstallerIsRolledBackToExactlyWhatWasArchived() throws Exception {
        Path installRoot = work.resolve("production/gestan");
        erp.configure(installRoot);
        Path installer = ErpFixture.installer(work.resolve("vendor"));
        MockEnvironment spring = new MockEnvironment();
        ErpFixture.installerSettings(Environments.PRODUCTION, installer).forEach(spring::setProperty);
        Environments environments = mock(Environments.class);
        when(environments.get(Environments.PRODUCTION)).thenReturn(new EnvironmentProperties.Environment(installRoot,
                erp.settings(), null, List.of(erp.files())));
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(installRoot);
        InstallMethods installMethods = new InstallMethods(new Installer(Clock.systemUTC()), environments, spring,
                Clock.systemUTC());
        ArchiveStore archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        DataArchives dataArchives = new DataArchives(archives, stores, environments);
        Path package10 = ErpFixture.installerPackage(work.resolve("inbox"), "1.0");
        Path package11 = ErpFixture.installerPackage(work.resolve("inbox"), "1.1");
        // Production runs 1.0, installed by the vendor's installer, which is archived.
        installMethods.of(Environments.PRODUCTION).install(new InstallRequest(package10, installRoot, "1.0", null, null,
                "t0"));
        archives.createFromFile("installer-1.0-t0", ArchiveKind.INSTALLER, "1.0", "inbox", package10);

        // The release: production archived, then 1.1 installed, its installer archived first.
        Fingerprint archived = stores.of(Environments.PRODUCTION).fingerprint();
        List<String> documentsArchived = ErpFixture.largeObjects(postgres, PRODUCTION_DB);
        List<FileDigest> attachmentsArchived = FolderDigest.of(erp.attachments());
        Archive archive = dataArchives.archive(ARCHIVE, Environments.PRODUCTION, "1.0");
        assertThat(dataArchives.contentOf(archive.id())).isEqualTo(archived);
        archives.createFromFile("installer-1.1-t2", ArchiveKind.INSTALLER, "1.1", "inbox", package11);
        installMethods.of(Environments.PRODUCTION).install(new InstallRequest(package11, installRoot, "1.1", null, null,
                "t2"));
        new PostInstallFingerprint(dataArchives, stores, environments).record(archive.id());

        Path log = installRoot.resolve("logs/install-1.1-t2.log");
        assertThat(log).content().contains("arrêt de Gestan 1.0", "migration du schéma 1.0 → 1.1",
                "Gestan 1.1 démarré", "# exit code 0").doesNotContain(ErpFixture.OWNER_PASSWORD);
        assertThat(installRoot.resolve("run/gestan.running")).hasContent("1.1\n");
        assertThat(postgres.query(PRODUCTION_DB, "SELECT valeur FROM parametres WHERE cle = 'version_schema'"))
                .containsExactly("1.1");
        assertThat(ErpFixture.tableOwners(postgres, PRODUCTION_DB)).hasSize(251)
                .contains("compta.relances " + ErpFixture.OWNER).allMatch(line -> line.endsWith(" " + ErpFixture.OWNER));
        assertThat(postgres.query(PRODUCTION_DB, "SELECT DISTINCT pays FROM vente.clients ORDER BY 1"))
                .containsExactly("BE", "CH", "FR", "LU");

        // People work on 1.1: three invoices, each with its PDF in the database and a copy among the attachments.
        List<Long> entered = erp.enterInvoices(3);
        assertThat(entered).containsExactly(2026041L, 2026042L, 2026043L);

        String cost = ROLLBACK_COST.from(new AssessRollbackStep(archives, dataArchives, stores, environments,
                Clock.systemUTC()).run(task("t3", with(DATA_ARCHIVE_ID, archive.id()))));

        assertThat(cost).contains("""
                Saisi depuis la mise en production, par les utilisateurs ou l'ERP (6 tables ou fichiers) — une \
                restauration le perdrait :
                Données métier (6) :
                • compta.factures : 3 ajoutés (41, 42, 43), 0 modifié, 0 supprimé
                • objets larges (pg_largeobject) : 40 → 43 objets, contenu modifié
                • vente.pieces_jointes : 3 ajoutés (13, 14, 15), 0 modifié, 0 supprimé
                • pieces-jointes/2026/facture-2026041.pdf : fichier créé (3000 octets)
                • pieces-jointes/2026/facture-2026042.pdf : fichier créé (3000 octets)
                • pieces-jointes/2026/facture-2026043.pdf : fichier créé (3000 octets)

                Numéros déjà attribués qu'une restauration ferait attribuer une seconde fois (3 séquences) :
                • compta.facture_numero_seq : les numéros 2026041 à 2026043 seraient attribués une seconde fois
                • compta.factures_id_seq : les numéros 41 à 43 seraient attribués une seconde fois
                • vente.pieces_jointes_id_seq : les numéros 13 à 15 seraient attribués une seconde fois
                """).contains("""
                Changé par la migration (4 tables ou fichiers) — ce qu'une restauration doit annuler :
                Données métier (2) :
                • compta.factures : 0 ajouté, 0 supprimé ; colonne ajoutée : mode_reglement : les valeurs des \
                enregistrements ne sont pas comparées
                • vente.clients : 0 ajouté, 20 modifiés (1, 10, 11, 12, 13…), 0 supprimé
                Autres données (1) :
                • compta.relances : table créée (10 lignes)
                Métadonnées de l'ERP (1) :
                • parametres : 0 ajouté, 1 modifié (version_schema), 0 supprimé
                Séquences déplacées par la migration (une restauration les remet où elles étaient) :
                • vente.devis_numero_seq : prochain numéro 1031 → 5001""")
                .as("every table changed is told by record").doesNotContain("contenu modifié\n• compta", "Pour une table");
        assertThat(postgres.databases()).as("the archive restored aside for the comparison is dropped")
                .noneMatch(name -> name.startsWith("rg_drill_"));
        assertThat(work.resolve("archives")).isDirectoryNotContaining(path -> path.getFileName().toString()
                .startsWith(".scratch"));

        VariableMap result = new RestoreArchiveStep(environments, archives, dataArchives, stores, installMethods)
                .run(task("t4", with(DATA_ARCHIVE_ID, archive.id()).and(PREVIOUS_PRODUCTION_VERSION, "1.0")));

        assertThat(PRODUCTION_VERSION.from(result)).isEqualTo("1.0");
        assertThat(stores.of(Environments.PRODUCTION).fingerprint()).as("database and attachments, sequences too")
                .isEqualTo(archived);
        assertThat(ErpFixture.largeObjects(postgres, PRODUCTION_DB)).isEqualTo(documentsArchived);
        assertThat(FolderDigest.of(erp.attachments())).isEqualTo(attachmentsArchived);
        assertThat(postgres.query(PRODUCTION_DB, "SELECT to_regclass('compta.relances') IS NULL")).containsExactly("t");
        assertThat(postgres.query(PRODUCTION_DB, "SELECT nextval('compta.facture_numero_seq')"))
                .as("the numbers of the invoices entered since will be given again").containsExactly("2026041");
        assertThat(postgres.query(PRODUCTION_DB, "SELECT nextval('vente.devis_numero_seq')")).containsExactly("1031");
        assertThat(ErpFixture.tableOwners(postgres, PRODUCTION_DB)).hasSize(250)
                .allMatch(line -> line.endsWith(" " + ErpFixture.OWNER));
        assertThat(installRoot.resolve("app/VERSION")).hasContent("1.0\n");
        assertThat(installRoot.resolve("logs/install-1.0-t4.log")).content()
                .contains("aucune migration du schéma 1.1 vers 1.0", "Gestan 1.0 démarré");
        assertThat(archives.find("pre-restore-data-1.1-t4")).as("what the rollback replaced is kept").isPresent();
    }
}
