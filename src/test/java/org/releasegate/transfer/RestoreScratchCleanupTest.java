package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.DataStores;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.worker.StepPlacement;

/**
 * The scratch folders of restores that a stopped production agent left beside production's data (an extracted data
 * archive each, for a task that may never run again) are deleted when production's agent starts, and nothing else
 * beside the data; an agent of test only leaves production's server alone.
 */
class RestoreScratchCleanupTest {

    @TempDir
    Path dir;

    @Test
    void productionsAgentDeletesTheRestoreScratchFoldersLeftBesideProductionsData() throws Exception {
        Path production = Files.createDirectories(dir.resolve("prod/data"));
        Files.writeString(production.resolve("clients.csv"), "1;Dupont\n");
        Path scratch = Files.createDirectories(dir.resolve("prod/.release-gate-restore-4f2a/data/data"));
        Files.writeString(scratch.resolve("clients.csv"), "1;Dupont\n");
        Path answer = Files.createDirectories(dir.resolve("prod/.release-gate-restore-4f2a-archived-0123456789abcdef"));
        Path staging = Files.createDirectories(dir.resolve("prod/.data.staging-0123456789abcdef"));
        DataStores stores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(production, List.of()))
                .build();

        new RestoreScratchCleanup(stores, new StepPlacement(false, Set.of(Environments.TEST))).run(null);
        assertThat(scratch).as("an agent of test only").exists();

        new RestoreScratchCleanup(stores, new StepPlacement(false, Set.of(Environments.PRODUCTION))).run(null);
        assertThat(dir.resolve("prod/.release-gate-restore-4f2a")).doesNotExist();
        assertThat(answer).doesNotExist();
        assertThat(production.resolve("clients.csv")).hasContent("1;Dupont\n");
        assertThat(staging).as("a copy's, repaired by the next copy").exists();
    }
}
