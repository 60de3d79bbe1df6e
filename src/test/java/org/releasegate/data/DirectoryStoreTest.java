package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.data.TestStores.command;
import static org.releasegate.data.TestStores.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties.PostCopyScriptSettings;
import org.releasegate.files.FolderDigest;

/** The directory store behind the {@link DataStore} interface (its copy itself: {@link FolderCopierTest}). */
class DirectoryStoreTest {

    @TempDir
    Path dir;
    private Path production;
    private Path test;

    @BeforeEach
    void folders() throws IOException {
        production = dir.resolve("production/data");
        test = dir.resolve("test/data");
        write(production.resolve("clients.csv"), "id;nom;email\n1;Dupont;dupont@example.com\n");
        write(production.resolve("factures/2024.csv"), "id;client;montant\n1;1;120.00\n");
        write(production.resolve("parametres.properties"), "smtp.host=smtp.gestan.example\n");
        write(test.resolve("ancien.csv"), "old\n");
    }

    @Test
    void copyRunsPostCopyCommandsOnTheStagedFolderOnly() throws Exception {
        DataStores stores = stores(List.of(command("sh", "-c",
                "echo 'smtp.host=localhost:1' > \"$RELEASEGATE_DATA_DIR/parametres.properties\"")));
        Fingerprint sourceBefore = stores.of("production").fingerprint();

        Fingerprint copied = stores.copy("production", "test");

        assertThat(copied).isEqualTo(sourceBefore);
        assertThat(copied.sha256()).isEqualTo(FolderDigest.treeSha256(FolderDigest.of(production)));
        assertThat(stores.of("production").fingerprint()).isEqualTo(sourceBefore);
        assertThat(Files.readString(test.resolve("parametres.properties"))).isEqualTo("smtp.host=localhost:1\n");
        assertThat(test.resolve("ancien.csv")).doesNotExist();
        assertThat(stores.of("test").fingerprint().changesSince(sourceBefore)).containsExactly(
                new Fingerprint.Change("parametres.properties", Fingerprint.Change.Kind.CHANGED, 30L, 22L));
    }

    @Test
    void aFailingPostCopyCommandKeepsThePreviousFolder() throws Exception {
        DataStores stores = stores(List.of(command("sh", "-c", "echo masking failed >&2; exit 4")));
        Fingerprint before = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.copy("production", "test"))
                .isInstanceOf(PostCopyScript.PostCopyScriptFailedException.class)
                .hasMessageContaining("exit code 4")
                .hasMessageContaining("masking failed");

        assertThat(stores.of("test").fingerprint()).isEqualTo(before);
        assertThat(namesIn(test.getParent())).containsExactly("data");
    }

    @Test
    void snapshotExportAndRestoreRoundTripAndTellWhichFilesARestoreWouldUndo() throws Exception {
        DataStore store = stores(List.of()).of("production");
        Path folder = dir.resolve("snapshot");

        Snapshot snapshot = store.exportSnapshot(folder);
        write(production.resolve("clients.csv"), "id;nom;email\n1;Dupont;dupont@example.com\n2;Martin;m@example.com\n");
        Files.delete(production.resolve("factures/2024.csv"));
        write(production.resolve("factures/2025.csv"), "id;client;montant\n");

        assertThat(namesIn(folder)).containsExactly("data", "snapshot.json");
        assertThat(store.fingerprint().changesSince(snapshot.fingerprint())).containsExactly(
                new Fingerprint.Change("clients.csv", Fingerprint.Change.Kind.CHANGED, 41L, 64L),
                new Fingerprint.Change("factures/2024.csv", Fingerprint.Change.Kind.REMOVED, 29L, null),
                new Fingerprint.Change("factures/2025.csv", Fingerprint.Change.Kind.ADDED, null, 18L));

        assertThat(store.restoreSnapshot(folder)).isEqualTo(snapshot.fingerprint());
        assertThat(store.fingerprint()).isEqualTo(snapshot.fingerprint());
    }

    @Test
    void aFolderArchivedBeforeSnapshotsExistedRestoresAsItIs() throws Exception {
        Path legacy = dir.resolve("legacy-archive-files");
        write(legacy.resolve("clients.csv"), "id;nom\n");
        DataStore store = stores(List.of()).of("test");

        Fingerprint restored = store.restoreSnapshot(legacy);

        assertThat(restored.parts()).extracting(Fingerprint.Part::name).containsExactly("clients.csv");
        assertThat(store.fingerprint()).isEqualTo(restored);
    }

    @Test
    void aSnapshotWhoseFilesDifferFromItsDescriptionIsRefusedAndTheTargetKept() throws Exception {
        DataStores stores = stores(List.of());
        Path folder = dir.resolve("snapshot");
        stores.of("production").exportSnapshot(folder);
        write(folder.resolve("data/clients.csv"), "tampered\n");
        Fingerprint before = stores.of("test").fingerprint();

        assertThatThrownBy(() -> stores.of("test").restoreSnapshot(folder))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("La copie des données à restaurer ne redonne pas ce qu'elle décrit : rien n'a été restauré. "
                        + "Le journal du serveur dit ce qui diffère.")
                .satisfies(refused -> assertThat(((SnapshotRejectedException) refused).detail().orElseThrow())
                        .contains("clients.csv changed (41 → 9)"));

        assertThat(stores.of("test").fingerprint()).isEqualTo(before);
        assertThat(namesIn(test.getParent())).containsExactly("data");
    }

    @Test
    void aRestoreDrillRestoresIntoAScratchFolderDeletedAfterwards() throws Exception {
        DataStore store = stores(List.of()).of("production");
        Snapshot snapshot = store.exportSnapshot(dir.resolve("snapshot"));

        try (DataStore.ScratchStore scratch = store.scratch(dir.resolve("drill"))) {
            assertThat(scratch.restoreSnapshot(dir.resolve("snapshot"))).isEqualTo(snapshot.fingerprint());
        }
        assertThat(dir.resolve("drill")).doesNotExist();
    }

    private DataStores stores(List<PostCopyScriptSettings> postCopy) {
        return new TestStores().with("production", directory(production, List.of()))
                .with("test", directory(test, postCopy)).build();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
