package org.releasegate.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.releasegate.environment.Environments;
import org.releasegate.worker.StepPlacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, deletes the {@code .<data>.discarded-…} folders a stopped node left beside the data folders of the
 * environments this node runs steps of (an agent: its own; the engine node: those no agent serves): a copy replaced
 * by a newer one, whose deletion after the swap did not end ({@link FolderSwap#swapDiscardingLater}). It would
 * otherwise take its room on the disk until the next copy to that environment. On the thread that deletes replaced
 * copies, so that start-up does not wait; a copy that starts meanwhile waits for it ({@link FolderSwap#recoverLeftovers}).
 */
@Component
class DiscardedCopiesCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DiscardedCopiesCleanup.class);

    private final Environments environments;
    private final StepPlacement placement;

    DiscardedCopiesCleanup(Environments environments, StepPlacement placement) {
        this.environments = environments;
        this.placement = placement;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        start();
    }

    /** Starts the deletions and returns at once; the futures end when each environment's leftovers are gone. */
    List<CompletableFuture<Void>> start() {
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        placement.environments().stream().sorted().forEach(environment -> dataFolder(environment).ifPresent(folder ->
                deletions.add(FolderSwap.deleteDiscardedLater(folder, deleted -> LOG.info(
                        "Deleted {} copy(ies) of {}'s data left beside {} by a stopped node once replaced", deleted,
                        environment, folder)))));
        return deletions;
    }

    private Optional<Path> dataFolder(String environment) {
        try {
            return environments.dataFolderIfDirectory(environment);
        } catch (IllegalStateException notConfigured) {
            // Said at start-up by Environments, and again by the first step on that environment.
            return Optional.empty();
        }
    }
}
