package org.releasegate.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Topics;

/** Which topics each kind of node fetches: no topic is fetched by two kinds of node. */
class StepPlacementTest {

    private static final Step INSTALL = step(Topics.INSTALL_VERSION);
    private static final Step ARCHIVE = step(Topics.ARCHIVE_PRODUCTION_DATA);
    private static final Step COPY = step(Topics.COPY_PRODUCTION_DATA);

    @Test
    void anEngineNodeWithoutAgentsRunsEverythingIncludingTasksCreatedBeforeTheSplit() {
        StepPlacement alone = new StepPlacement(true, StepPlacement.ALL_ENVIRONMENTS);

        assertThat(alone.topicsOf(INSTALL))
                .containsExactly("install-version", "install-version@production", "install-version@test");
        assertThat(alone.topicsOf(ARCHIVE)).containsExactly("archive-production-data");
    }

    @Test
    void anEngineNodeLeavesTheAgentsEnvironmentToItAndNeverFetchesAnUnsplitEnvironmentStep() {
        StepPlacement engine = new StepPlacement(true, Set.of("test"));

        assertThat(engine.topicsOf(INSTALL)).containsExactly("install-version@test");
        assertThat(engine.topicsOf(ARCHIVE)).containsExactly("archive-production-data");
    }

    @Test
    void anAgentFetchesItsEnvironmentsStepsOnly() {
        StepPlacement agent = new StepPlacement(false, Set.of("production"));

        assertThat(agent.topicsOf(INSTALL)).containsExactly("install-version@production");
        assertThat(agent.topicsOf(ARCHIVE)).isEmpty();
    }

    @Test
    void theCopyToTestRunsOnTestsNodeOnly() {
        assertThat(new StepPlacement(false, Set.of("test")).topicsOf(COPY)).containsExactly("copy-production-data@test");
        assertThat(new StepPlacement(false, Set.of("production")).topicsOf(COPY)).isEmpty();
        assertThat(new StepPlacement(true, Set.of("test")).topicsOf(COPY)).containsExactly("copy-production-data@test");
        assertThat(new StepPlacement(true, StepPlacement.ALL_ENVIRONMENTS).topicsOf(COPY))
                .containsExactly("copy-production-data", "copy-production-data@test");
    }

    @Test
    void theRestoreRunsOnProductionsNodeAndTheEngineNodeStillRunsThoseOfReleasesStartedBeforeTheSplit() {
        Step restore = step(Topics.RESTORE_ARCHIVE);

        assertThat(new StepPlacement(false, Set.of("production")).topicsOf(restore))
                .containsExactly("restore-archive@production");
        assertThat(new StepPlacement(false, Set.of("test")).topicsOf(restore)).isEmpty();
        assertThat(new StepPlacement(true, Set.of("test")).topicsOf(restore)).as("production's agent runs it, but a"
                + " release on an earlier model publishes it unsplit").containsExactly("restore-archive");
        assertThat(new StepPlacement(true, StepPlacement.ALL_ENVIRONMENTS).topicsOf(restore))
                .containsExactly("restore-archive", "restore-archive@production");
    }

    @Test
    void aTopicSaysItsEnvironment() {
        assertThat(StepTopics.environmentOf("check-health@production")).contains("production");
        assertThat(StepTopics.environmentOf("check-health")).isEmpty();
    }

    private static Step step(String topic) {
        return new Step(topic, null) {
            @Override
            public VariableMap run(ExternalTask task) {
                return null;
            }
        };
    }
}
