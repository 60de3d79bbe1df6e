package org.releasegate.worker;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy.Topics;

/**
 * The topics a step's tasks are published on. A step that acts on one environment is published per environment,
 * {@code install-version@production}, so that the node that runs that environment's steps — an agent on its server,
 * or the engine node when it has none — is the only one that can fetch it; every other step keeps its plain topic
 * and runs on the engine node. The engine adds the suffix when it creates the task (the {@code agent} package's parse
 * listener), from the {@code environment} input parameter of the model's element.
 */
public final class StepTopics {

    /** Between a step's topic and the environment it acts on. */
    public static final String SEPARATOR = "@";

    /** The steps whose model elements carry an {@code environment} input parameter (checked against the model). */
    public static final Set<String> ON_ONE_ENVIRONMENT = Set.of(Topics.INSTALL_VERSION, Topics.STOP_ENVIRONMENT,
            Topics.START_ENVIRONMENT, Topics.REOPEN_ENVIRONMENT, Topics.CHECK_HEALTH,
            // on test, the environment it writes: production's data reaches it as a stream when elsewhere
            Topics.COPY_PRODUCTION_DATA,
            // on production, which it puts back: the archives reach it from the engine node's store as streams
            Topics.RESTORE_ARCHIVE);

    /**
     * The environments a step of {@link #ON_ONE_ENVIRONMENT} may act on, when not all: the copy writes test only, the
     * restore puts production back only.
     */
    private static final Map<String, Set<String>> ONLY_ON = Map.of(Topics.COPY_PRODUCTION_DATA,
            Set.of(Environments.TEST), Topics.RESTORE_ARCHIVE, Set.of(Environments.PRODUCTION));

    /**
     * The steps of {@link #ON_ONE_ENVIRONMENT} that ran on the engine node before the model gave them an
     * {@code environment}: a release started on an earlier model still publishes them on their plain topic, which the
     * engine node keeps fetching as it did, whatever agents are declared.
     */
    public static final Set<String> FORMERLY_ON_ENGINE_NODE = Set.of(Topics.RESTORE_ARCHIVE);

    private StepTopics() {
    }

    /** Whether the model may publish the step of {@code topic} for {@code environment}. */
    public static boolean actsOn(String topic, String environment) {
        return ONLY_ON.getOrDefault(topic, Set.of(environment)).contains(environment);
    }

    public static String of(String topic, String environment) {
        return topic + SEPARATOR + environment;
    }

    /** The environment a task's topic is published for; empty for a step that runs on the engine node. */
    public static Optional<String> environmentOf(String topic) {
        int at = topic.lastIndexOf(SEPARATOR);
        return at < 0 ? Optional.empty() : Optional.of(topic.substring(at + 1));
    }
}
