package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.message.Messages;

/**
 * A store that is not a single folder copied between machines: production's snapshot streamed
 * ({@link DataStores#send}), received beside test's store, restored there, verified, scripted and swapped in
 * ({@link DataStores#replaceWithStream}); a stream of another kind of store, or altered on the way, leaves test as it
 * was and nothing beside it.
 */
class StreamedCopyTest {

    private static final String USER = "sa";
    private static final String PASSWORD = "secret-h2";

    @TempDir
    Path dir;

    private Path production;
    private Path test;
    private Path folder;

    @BeforeEach
    void stores() throws Exception {
        production = dir.resolve("prod/gestan.mv.db");
        test = dir.resolve("test/gestan.mv.db");
        folder = dir.resolve("folder/data");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("clients.csv"), "1;Dupont\n");
        sql(production, "CREATE TABLE clients (id INTEGER PRIMARY KEY, email VARCHAR(100))",
                "INSERT INTO clients SELECT X, 'client' || X || '@example.com' FROM SYSTEM_RANGE(1, 500)");
        sql(test, "CREATE TABLE ancien (id INTEGER)");
    }

    @Test
    void anH2ProductionIsStreamedAsItsSnapshotAndRestoredIntoTestWithItsScripts() throws Exception {
        Path mask = Files.writeString(dir.resolve("masquer.sql"), "UPDATE clients SET email = 'masque@invalid';");
        DataStores stores = new TestStores().with("production", TestStores.h2(production, USER, PASSWORD, List.of()))
                .with("test", TestStores.h2(test, USER, PASSWORD, List.of(TestStores.sql(mask)))).build();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();

        Fingerprint streamed = stores.send("production", sent);
        Fingerprint copied = stores.replaceWithStream("test", new ByteArrayInputStream(sent.toByteArray()));

        assertThat(copied.sameContentAs(stores.of("production").fingerprint())).isTrue();
        assertThat(streamed.sameContentAs(copied)).isTrue();
        assertThat(sql(test, "SELECT COUNT(*) FROM clients WHERE email = 'masque@invalid'")).isEqualTo("500");
        assertThat(namesBeside(test)).containsExactly("gestan.mv.db");
    }

    /**
     * The export is as large as the database: written beside it, on the disk that holds it, not in the temporary
     * folder (often a small tmpfs); the export a crash left there is deleted by the next one, and none stays after.
     */
    @Test
    void theSnapshotIsExportedBesideTheDatabaseAndAnExportACrashLeftIsDeleted() throws Exception {
        Path crashed = Files.createDirectories(production.resolveSibling(".rg-dump-snapshot-0123456789abcdef/x"));
        Files.writeString(crashed.resolve("gestan.mv.db"), "export interrompu");
        DataStores stores = new TestStores().with("production", TestStores.h2(production, USER, PASSWORD, List.of()))
                .build();
        Set<String> besideWhileSent = new TreeSet<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    besideWhileSent.addAll(namesBeside(production));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        stores.send("production", out);

        assertThat(besideWhileSent).as("the export, beside the database while it is sent")
                .anyMatch(name -> name.matches("\\.rg-dump-snapshot-[0-9a-f]{16}") && !name.endsWith("0123456789abcdef"));
        assertThat(namesBeside(production)).containsExactly("gestan.mv.db");
    }

    @Test
    void aDatabaseWithFoldersBesideItTravelsAsOneSnapshot() throws Exception {
        Path productionFiles = Files.createDirectories(dir.resolve("prod/pieces"));
        Files.writeString(productionFiles.resolve("facture-1.txt"), "facture 1\n");
        Path testFiles = Files.createDirectories(dir.resolve("test/pieces"));
        Files.writeString(testFiles.resolve("ancienne.txt"), "ancienne\n");
        DataStores stores = new TestStores()
                .with("production", TestStores.h2(production, USER, PASSWORD, List.of()),
                        new EnvironmentProperties.FilesSettings("pieces", productionFiles))
                .with("test", TestStores.h2(test, USER, PASSWORD, List.of()),
                        new EnvironmentProperties.FilesSettings("pieces", testFiles)).build();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        stores.send("production", sent);

        Fingerprint copied = stores.replaceWithStream("test", new ByteArrayInputStream(sent.toByteArray()));

        assertThat(copied.sameContentAs(stores.of("production").fingerprint())).isTrue();
        assertThat(stores.of("test").fingerprint().sameContentAs(copied)).isTrue();
        assertThat(testFiles.resolve("facture-1.txt")).hasContent("facture 1");
        assertThat(testFiles.resolve("ancienne.txt")).doesNotExist();
    }

    @Test
    void aByteAlteredOnTheWayLeavesTestAsItWasAndNothingBesideIt() throws Exception {
        DataStores stores = new TestStores().with("production", TestStores.h2(production, USER, PASSWORD, List.of()))
                .with("test", TestStores.h2(test, USER, PASSWORD, List.of())).build();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        stores.send("production", sent);
        byte[] altered = sent.toByteArray();
        altered[altered.length / 2] ^= 1;
        byte[] before = Files.readAllBytes(test);

        assertThatThrownBy(() -> stores.replaceWithStream("test", new ByteArrayInputStream(altered)))
                .isInstanceOf(TransferCorruptedException.class);

        assertThat(Files.readAllBytes(test)).isEqualTo(before);
        assertThat(namesBeside(test)).containsExactly("gestan.mv.db");
    }

    @Test
    void aStreamOfAnotherKindOfStoreIsRefusedEitherWay() throws Exception {
        DataStores stores = new TestStores().with("folder", TestStores.directory(folder, List.of()))
                .with("production", TestStores.h2(production, USER, PASSWORD, List.of()))
                .with("test", TestStores.h2(test, USER, PASSWORD, List.of()))
                .with("other-folder", TestStores.directory(dir.resolve("other/data"), List.of())).build();
        ByteArrayOutputStream aFolder = new ByteArrayOutputStream();
        stores.send("folder", aFolder);
        ByteArrayOutputStream aDatabase = new ByteArrayOutputStream();
        stores.send("production", aDatabase);

        assertThatThrownBy(() -> stores.replaceWithStream("test", new ByteArrayInputStream(aFolder.toByteArray())))
                .isInstanceOf(SnapshotRejectedException.class).hasMessage(Messages.text("data.snapshot.other-kind",
                        Messages.text("data.kind.directory"), Messages.text("data.kind.h2")));
        assertThatThrownBy(() -> stores.replaceWithStream("other-folder",
                new ByteArrayInputStream(aDatabase.toByteArray())))
                .isInstanceOf(SnapshotRejectedException.class).hasMessage(Messages.text("data.snapshot.other-kind",
                        Messages.text("data.kind.h2"), Messages.text("data.kind.directory")));
        assertThat(namesBeside(test)).containsExactly("gestan.mv.db");
        assertThat(namesBeside(dir.resolve("other/data"))).isEmpty();
    }

    @Test
    void aSlowExportIsAnnouncedWhileItRunsAndRelayedAndAFailedOneEndsTheStreamWithItsReason() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        FolderStream.writePrepared(() -> {
            sleep(450);
            return folder.getParent();
        }, sent, 100);
        byte[] stream = sent.toByteArray();
        assertThat(stream[FolderStream.MAGIC.length]).as("a wait before the first frame").isEqualTo((byte) 'W');
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        FolderStream.relay(new ByteArrayInputStream(stream), relayed);
        assertThat(FolderStream.receive(new ByteArrayInputStream(relayed.toByteArray()), dir.resolve("received")))
                .singleElement().satisfies(file -> assertThat(file.path()).isEqualTo("data/clients.csv"));

        DataStores stores = new TestStores().with("production", TestStores.h2(production, USER, "wrong", List.of()))
                .with("test", TestStores.h2(test, USER, PASSWORD, List.of())).build();
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        assertThatThrownBy(() -> stores.send("production", failed)).isInstanceOf(DataCopyVerificationException.class);
        assertThatThrownBy(() -> stores.replaceWithStream("test", new ByteArrayInputStream(failed.toByteArray())))
                .isInstanceOf(DataCopyVerificationException.class)
                .hasMessage(Messages.text("data.stream.not-exported"));
        assertThat(namesBeside(test)).containsExactly("gestan.mv.db");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> namesBeside(Path path) throws Exception {
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        try (Stream<Path> names = Files.list(path.getParent())) {
            return names.map(name -> name.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs the statements on the H2 file; the first column of the last one's first row, if it has one. */
    private static String sql(Path file, String... statements) throws SQLException {
        String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
        String last = null;
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + base, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String command : statements) {
                if (statement.execute(command)) {
                    try (ResultSet rows = statement.getResultSet()) {
                        last = rows.next() ? rows.getString(1) : null;
                    }
                }
            }
        }
        return last;
    }
}
