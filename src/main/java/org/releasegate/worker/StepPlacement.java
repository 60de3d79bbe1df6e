package org.releasegate.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.releasegate.environment.Environments;

/**
 * Which steps this node runs: the environments whose steps it fetches, and whether it runs the steps that act on no
 * single environment (planning, archives, copies, restores: the engine node's). An engine node runs the environments
 * no agent serves; an agent only those it is declared for.
 *
 * @param environmentFreeSteps whether this node fetches the steps published on their plain topic
 * @param environments         the environments whose steps this node fetches
 */
public record StepPlacement(boolean environmentFreeSteps, Set<String> environments) {

    /** The environments of the model's {@code environment} parameter. */
    public static final Set<String> ALL_ENVIRONMENTS = Set.of(Environments.PRODUCTION, Environments.TEST);

    public StepPlacement {
        environments = Set.copyOf(environments);
    }

    /** The topics this node subscribes {@code step} to; empty when the step runs elsewhere. */
    public List<String> topicsOf(Step step) {
        List<String> topics = new ArrayList<>();
        boolean onOneEnvironment = StepTopics.ON_ONE_ENVIRONMENT.contains(step.topic());
        // A step acting on one environment keeps its plain topic only for tasks created before topics were split per
        // environment: this node may fetch those only when no agent serves any environment, or when the engine node
        // ran that step anyway before the split.
        if (environmentFreeSteps && (!onOneEnvironment || environments.containsAll(ALL_ENVIRONMENTS)
                || StepTopics.FORMERLY_ON_ENGINE_NODE.contains(step.topic()))) {
            topics.add(step.topic());
        }
        if (onOneEnvironment) {
            environments.stream().filter(environment -> StepTopics.actsOn(step.topic(), environment)).sorted()
                    .forEach(environment -> topics.add(StepTopics.of(step.topic(), environment)));
        }
        return topics;
    }
}
