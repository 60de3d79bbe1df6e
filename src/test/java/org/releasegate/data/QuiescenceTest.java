package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiescence of the file-based stores: a folder watched for writes, an H2 file held by an application. */
class QuiescenceTest {

    @TempDir
    Path dir;

    @Test
    void aQuietFolderIsQuiescedAndReportsTheSettlePeriod() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(data.resolve("clients.dat"), "1;Dupont");
        DataStore store = directory(dir.resolve("data"));

        String observed = store.quiesce(Duration.ofMillis(300));
        store.reopen();

        assertThat(observed).isEqualTo("plus aucune écriture constatée pendant 0,3 s");
    }

    @Test
    void aFileWrittenDuringTheSettlePeriodIsCaughtByName() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/compta"));
        Path journal = Files.writeString(data.resolve("journal.log"), "début\n");
        Files.writeString(data.resolve("clients.dat"), "1;Dupont");
        DataStore store = directory(dir.resolve("data"));
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    Files.writeString(journal, "écriture\n", StandardOpenOption.APPEND);
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        try {
            assertThatThrownBy(() -> store.quiesce(Duration.ofMillis(500)))
                    .isInstanceOf(StillInUseException.class)
                    .hasMessageContaining("« compta/journal.log »")
                    .hasMessageNotContaining("clients.dat")
                    .hasMessageNotContaining(dir.toString());
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void aFileAddedDuringTheSettlePeriodIsCaught() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        DataStore store = directory(data);
        Thread writer = new Thread(() -> {
            try {
                // Well after the first walk, even on a loaded machine; well before the last.
                Thread.sleep(400);
                Files.writeString(data.resolve("verrou.lck"), "pid 42");
            } catch (IOException | InterruptedException e) {
                // the assertion below fails
            }
        });
        writer.start();

        assertThatThrownBy(() -> store.quiesce(Duration.ofMillis(1500)))
                .isInstanceOf(StillInUseException.class).hasMessageContaining("« verrou.lck »");
        writer.join();
    }

    @Test
    void aRewriteThatKeepsSizeAndModificationTimeIsCaughtByItsChangeTime() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path clients = Files.writeString(data.resolve("clients.dat"), "1;Dupont");
        FileTime written = Files.getLastModifiedTime(clients);
        DataStore store = directory(data);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(400);
                Files.writeString(clients, "1;Durand");
                Files.setLastModifiedTime(clients, written);
            } catch (IOException | InterruptedException e) {
                // the assertion below fails
            }
        });
        writer.start();

        assertThatThrownBy(() -> store.quiesce(Duration.ofMillis(1500)))
                .isInstanceOf(StillInUseException.class).hasMessageContaining("« clients.dat »");
        writer.join();
    }

    @Test
    void anH2FileOpenedByAnApplicationIsRefusedAndAClosedOneIsQuiesced() throws Exception {
        Path file = dir.resolve("db/gestan.mv.db");
        String url = "jdbc:h2:file:" + dir.resolve("db/gestan");
        try (Connection application = DriverManager.getConnection(url, "sa", "pw");
             Statement statement = application.createStatement()) {
            statement.execute("CREATE TABLE clients (id INTEGER)");
            DataStore store = new TestStores().with("production", TestStores.h2(file, "sa", "pw", List.of()))
                    .build().of("production");

            assertThatThrownBy(() -> store.quiesce(Duration.ZERO))
                    .isInstanceOf(StillInUseException.class)
                    .hasMessage("la base H2 de l'environnement « production » est encore ouverte par une application "
                            + "(fichier verrouillé)");
        }
        DataStore store = new TestStores().with("production", TestStores.h2(file, "sa", "pw", List.of()))
                .build().of("production");

        assertThat(store.quiesce(Duration.ZERO)).isEqualTo("base H2 fermée par toute application");
        store.reopen();
        try (Connection again = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "pw")) {
            assertThat(again.isValid(2)).as("nothing was left locked").isTrue();
        }
    }

    private DataStore directory(Path folder) {
        return new TestStores().with("production", TestStores.directory(folder, List.of())).build().of("production");
    }
}
