package org.releasegate.agent;

import java.lang.reflect.Field;
import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ParameterValueProvider;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.AgentComponents;
import org.releasegate.process.ReleasePolicy.Vars;
import org.releasegate.worker.StepTopics;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Publishes each automated step that acts on one environment on that environment's topic ({@link StepTopics}): an
 * external task whose element has an {@code environment} input parameter gets {@code <topic>@<environment>}, computed
 * when the task is created. Every deployed model gets it (the model needs no change, and editing it cannot lose the
 * split): the node that runs an environment's steps — its agent, or the engine node when it has none — is then the
 * only one whose fetch names that topic.
 */
@Component
@Profile("!" + AgentComponents.PROFILE)
class EnvironmentTopicPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element serviceTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getActivityBehavior() instanceof ExternalTaskActivityBehavior external
                        && hasEnvironmentParameter(serviceTaskElement)) {
                    activity.setActivityBehavior(new ExternalTaskActivityBehavior(
                            new EnvironmentTopic(topicOf(external)), external.getPriorityValueProvider()));
                }
            }
        });
    }

    /** Read from the element: the engine parses its input/output mapping after the parse listeners ran. */
    private static boolean hasEnvironmentParameter(Element serviceTask) {
        Element inputOutput = BpmnParseUtil.findCamundaExtensionElement(serviceTask, "inputOutput");
        return inputOutput != null && inputOutput.elements("inputParameter")
                .stream().anyMatch(parameter -> Vars.ENVIRONMENT.name().equals(parameter.attribute("name")));
    }

    /** The element's own topic; the behaviour keeps it in a protected field without getter. Fails closed. */
    static ParameterValueProvider topicOf(ExternalTaskActivityBehavior behavior) {
        try {
            Field field = ExternalTaskActivityBehavior.class.getDeclaredField("topicNameValueProvider");
            field.setAccessible(true);
            return (ParameterValueProvider) field.get(behavior);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the topic of an external task: steps cannot be split per "
                    + "environment with this engine version", e);
        }
    }

    /** The element's topic followed by the environment its input parameter gave the task's execution. */
    record EnvironmentTopic(ParameterValueProvider topic) implements ParameterValueProvider {

        @Override
        public Object getValue(VariableScope scope) {
            Object environment = scope.getVariableLocal(Vars.ENVIRONMENT.name());
            String base = (String) topic.getValue(scope);
            return environment == null || environment.toString().isBlank()
                    ? base : StepTopics.of(base, environment.toString());
        }

        @Override
        public boolean isDynamic() {
            return true;
        }
    }
}
