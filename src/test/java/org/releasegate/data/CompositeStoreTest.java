package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.data.TestStores.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties.FilesSettings;

/**
 * An ERP that keeps its attachments in a folder beside its PostgreSQL database: the environment's stores are copied,
 * exported, restored and drilled as one set, against a real server and real folders.
 */
class CompositeStoreTest {

    private static final String PRODUCTION_DB = "erp_set";
    private static final String TEST_DB = "erp_set_test";
    private static TestPostgres postgres;

    @TempDir
    Path dir;
    private Path productionFiles;
    private Path testFiles;
    private DataStores stores;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void productionWithAttachments() throws Exception {
        postgres.dropDatabasesStartingWith(PRODUCTION_DB, "rg_drill_");
        postgres.createDatabase(PRODUCTION_DB, "CREATE TABLE pieces_jointes (id integer PRIMARY KEY, fichier text)",
                "INSERT INTO pieces_jointes VALUES (1, 'devis-1043.pdf'), (2, 'facture-2001.pdf')");
        postgres.createDatabase(TEST_DB, "CREATE TABLE ancien (id integer)");
        productionFiles = write(dir.resolve("production/filestore"), Map.of("devis-1043.pdf", "%PDF devis",
                "2026/facture-2001.pdf", "%PDF facture"));
        testFiles = write(dir.resolve("test/filestore"), Map.of("vieux.pdf", "%PDF vieux"));
        stores = new TestStores()
                .with("production", postgres(postgres.url(PRODUCTION_DB), TestPostgres.ROLE, TestPostgres.PASSWORD,
                        List.of()), new FilesSettings("pieces-jointes", productionFiles))
                .with("test", postgres(postgres.url(TEST_DB), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of()),
                        new FilesSettings("pieces-jointes", testFiles))
                .build();
    }

    @Test
    void theCopyBringsTheDatabaseAndItsAttachmentsTogether() throws Exception {
        DataStore production = stores.of("production");
        assertThat(production.type()).isEqualTo("postgresql+pieces-jointes");
        Fingerprint before = production.fingerprint();
        assertThat(before.unit()).isEqualTo(Fingerprint.MIXED);
        assertThat(before.parts()).extracting(Fingerprint.Part::name)
                .containsExactly("data/public.pieces_jointes", "pieces-jointes/2026/facture-2001.pdf",
                        "pieces-jointes/devis-1043.pdf");
        assertThat(before.unitOf("data/public.pieces_jointes")).isEqualTo(Fingerprint.ROWS);
        assertThat(before.unitOf("pieces-jointes/devis-1043.pdf")).isEqualTo(Fingerprint.BYTES);

        Fingerprint copied = stores.copy("production", "test");

        assertThat(copied.sameContentAs(before)).isTrue();
        assertThat(stores.of("test").fingerprint().sameContentAs(before)).as("database and folder, both").isTrue();
        assertThat(testFiles.resolve("vieux.pdf")).doesNotExist();
        assertThat(production.fingerprint().sameContentAs(before)).as("production only read").isTrue();
    }

    @Test
    void aPartThatCannotBeStagedLeavesEveryPartOfTheTargetAsItWas() throws Exception {
        Fingerprint testBefore = stores.of("test").fingerprint();
        // the production database is gone: the folder part stages, the database part fails
        postgres.executeAsSuperuser("postgres", "DROP DATABASE " + PRODUCTION_DB + " WITH (FORCE)");

        assertThatThrownBy(() -> stores.copy("production", "test")).isInstanceOf(Exception.class);

        assertThat(stores.of("test").fingerprint().sameContentAs(testBefore)).isTrue();
        assertThat(testFiles.resolve("vieux.pdf")).exists();
        try (var siblings = Files.list(testFiles.getParent())) {
            assertThat(siblings.map(path -> path.getFileName().toString())).as("no staged folder left behind")
                    .containsExactly("filestore");
        }
    }

    @Test
    void aSnapshotHoldsEveryPartAndRestoresThemTogether() throws Exception {
        DataStore production = stores.of("production");
        Fingerprint archived = production.fingerprint();
        Snapshot snapshot = production.exportSnapshot(dir.resolve("snapshot"));
        assertThat(snapshot.type()).isEqualTo("postgresql+pieces-jointes");
        assertThat(snapshot.fingerprint().sameContentAs(archived)).isTrue();
        assertThat(dir.resolve("snapshot/data/snapshot.json")).exists();
        assertThat(dir.resolve("snapshot/pieces-jointes/snapshot.json")).exists();

        // people work on: a new quote and its attachment
        postgres.execute(PRODUCTION_DB, "INSERT INTO pieces_jointes VALUES (3, 'devis-1044.pdf')");
        Files.writeString(productionFiles.resolve("devis-1044.pdf"), "%PDF nouveau");
        Fingerprint now = production.fingerprint();
        assertThat(now.changesSince(archived)).extracting(Fingerprint.Change::name)
                .containsExactly("data/public.pieces_jointes", "pieces-jointes/devis-1044.pdf");

        try (DataStore.ScratchStore drill = production.scratch(dir.resolve("drill"))) {
            assertThat(drill.restoreSnapshot(dir.resolve("snapshot")).sameContentAs(archived)).isTrue();
        }
        Fingerprint restored = production.restoreSnapshot(dir.resolve("snapshot"));

        assertThat(restored.sameContentAs(archived)).isTrue();
        assertThat(production.fingerprint().sameContentAs(archived)).isTrue();
        assertThat(productionFiles.resolve("devis-1044.pdf")).doesNotExist();
        assertThat(postgres.databases()).noneMatch(name -> name.startsWith("rg_drill_"));
    }

    @Test
    void aSnapshotOfAnotherShapeIsRefusedBeforeAnythingIsStaged() throws Exception {
        DataStore databaseOnly = new TestStores().with("production", postgres(postgres.url(PRODUCTION_DB),
                TestPostgres.ROLE, TestPostgres.PASSWORD, List.of())).build().of("production");
        databaseOnly.exportSnapshot(dir.resolve("db-only"));

        assertThatThrownBy(() -> stores.of("test").restoreSnapshot(dir.resolve("db-only")))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("La copie des données à restaurer vient d'une base PostgreSQL : elle ne peut pas être "
                        + "restaurée dans un ensemble de données (base et fichiers). Rien n'a été restauré.");
        assertThat(testFiles.resolve("vieux.pdf")).exists();
    }

    @Test
    void quiescingWatchesEveryPart() throws Exception {
        DataStore production = stores.of("production");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(productionFiles.resolve("en-cours.pdf"), "%PDF");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        try {
            assertThatThrownBy(() -> production.quiesce(Duration.ofSeconds(1)))
                    .isInstanceOf(StillInUseException.class).hasMessageStartingWith("« pieces-jointes » : ")
                    .hasMessageContaining("en-cours.pdf");
        } finally {
            writer.join();
            production.reopen();
        }
    }

    @Test
    void badFolderSettingsAreRefusedWithTheirKey() {
        DataStores overlapping = new TestStores().with("production", TestStores.directory(dir.resolve("data"), List.of()),
                new FilesSettings("docs", dir.resolve("data/docs"))).build();
        assertThatThrownBy(() -> overlapping.of("production")).isInstanceOf(DataStoreConfigurationException.class)
                .hasMessageContaining("releasegate.environments.production.files[0].path").hasMessageContaining("overlaps");
        DataStores badName = new TestStores().with("production", TestStores.directory(dir.resolve("data"), List.of()),
                new FilesSettings("data", dir.resolve("docs"))).build();
        assertThatThrownBy(() -> badName.of("production")).isInstanceOf(DataStoreConfigurationException.class)
                .hasMessageContaining("files[0].name");
    }

    private static Path write(Path folder, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return folder;
    }
}
