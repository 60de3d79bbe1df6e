package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.Environments;
import org.releasegate.worker.StepPlacement;

/**
 * A copy replaced by a newer one and left beside the data folder by a node stopped while deleting it is deleted when
 * a node starts, for the environments that node runs only, on the thread of those deletions; a copy to the same
 * folder that starts meanwhile waits for it.
 */
class DiscardedCopiesCleanupTest {

    @TempDir
    Path dir;

    @Test
    void aNodeDeletesTheDiscardedCopiesBesideItsOwnEnvironmentsDataAtStartUp() throws Exception {
        Path test = Files.createDirectories(dir.resolve("test/data"));
        Path production = Files.createDirectories(dir.resolve("production/data"));
        Path discarded = Files.createDirectories(dir.resolve("test/.data.discarded-0123456789abcdef/sub"));
        Files.writeString(discarded.resolve("clients.csv"), "id;nom\n");
        Path staging = Files.createDirectories(dir.resolve("test/.data.staging-0123456789abcdef"));
        Path otherNodes = Files.createDirectories(dir.resolve("production/.data.discarded-fedcba9876543210"));
        Environments environments = mock(Environments.class);
        when(environments.dataFolderIfDirectory(Environments.TEST)).thenReturn(Optional.of(test));
        when(environments.dataFolderIfDirectory(Environments.PRODUCTION)).thenReturn(Optional.of(production));
        when(environments.dataFolderIfDirectory("demo")).thenThrow(new IllegalStateException("not configured"));

        CompletableFuture<?>[] deletions = new DiscardedCopiesCleanup(environments,
                new StepPlacement(false, Set.of(Environments.TEST, "demo"))).start().toArray(CompletableFuture[]::new);
        // A copy to test starting now waits for the deletion rather than racing it.
        FolderSwap.recoverLeftovers(test);
        CompletableFuture.allOf(deletions).get(10, TimeUnit.SECONDS);

        assertThat(dir.resolve("test/.data.discarded-0123456789abcdef")).doesNotExist();
        assertThat(test).exists();
        assertThat(otherNodes).as("another node's environment").exists();
        assertThat(staging).as("deleted by the copy that waited, not at start-up").doesNotExist();
    }

    @Test
    void startUpDoesNotWaitForTheDeletion() throws Exception {
        Path test = Files.createDirectories(dir.resolve("test/data"));
        Path discarded = Files.createDirectories(dir.resolve("test/.data.discarded-0123456789abcdef"));
        Environments environments = mock(Environments.class);
        when(environments.dataFolderIfDirectory(Environments.TEST)).thenReturn(Optional.of(test));
        CountDownLatch busy = new CountDownLatch(1);
        FolderSwap.DISCARDER.execute(() -> {
            try {
                busy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            CompletableFuture<Void> deletion = new DiscardedCopiesCleanup(environments,
                    new StepPlacement(false, Set.of(Environments.TEST))).start().get(0);

            assertThat(deletion).as("returned while the deleting thread is busy").isNotDone();
            assertThat(discarded).exists();
            busy.countDown();
            deletion.get(10, TimeUnit.SECONDS);
            assertThat(discarded).doesNotExist();
        } finally {
            busy.countDown();
        }
    }
}
