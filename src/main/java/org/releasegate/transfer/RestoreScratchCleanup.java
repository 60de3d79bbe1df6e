package org.releasegate.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.releasegate.AgentComponents;
import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.worker.StepPlacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On production's agent, before its workers fetch any step: deletes the scratch folders of restores that a stopped
 * agent left beside production's data ({@link RemoteRestoreArchives}). Each may hold a whole extracted data archive,
 * and the task it was named after may never run again (the release decided otherwise, or was cancelled); a restore
 * re-delivered after this start makes its own again. Runs before the workers start (an application runner, not the
 * ready event they wait for), so that it never deletes the folder of a restore under way.
 */
@Component
@Profile(AgentComponents.PROFILE)
class RestoreScratchCleanup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreScratchCleanup.class);

    private final DataStores dataStores;
    private final StepPlacement placement;

    RestoreScratchCleanup(DataStores dataStores, StepPlacement placement) {
        this.dataStores = dataStores;
        this.placement = placement;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (!placement.environments().contains(Environments.PRODUCTION)) {
            return;
        }
        try {
            Path beside = dataStores.besideOf(Environments.PRODUCTION);
            if (!Files.isDirectory(beside)) {
                return;
            }
            List<Path> left;
            try (Stream<Path> children = Files.list(beside)) {
                left = children.filter(child -> child.getFileName().toString()
                        .startsWith(RemoteRestoreArchives.SCRATCH_PREFIX)).toList();
            }
            for (Path scratch : left) {
                FileTrees.deleteRecursively(scratch);
                LOG.info("Deleted the scratch folder {} that a stopped agent left after a restore", scratch);
            }
        } catch (IOException | RuntimeException e) {
            // Not a reason to stay down: the next restore of the same task empties its own folder.
            LOG.warn("Could not delete the scratch folders of restores left beside production's data: {}",
                    e.toString());
        }
    }
}
