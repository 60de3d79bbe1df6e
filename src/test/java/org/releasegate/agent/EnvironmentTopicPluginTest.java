package org.releasegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.StepTopics;

/**
 * The engine publishes a step on its environment's topic, from the element's {@code environment} input parameter:
 * the model needs no change, and the list of such steps the workers subscribe with is the model's.
 */
class EnvironmentTopicPluginTest {

    private ProcessEngine engine;

    @BeforeEach
    void engine() {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("environment-topics");
        configuration.setJdbcUrl("jdbc:h2:mem:environment-topics;DB_CLOSE_DELAY=-1");
        configuration.setJobExecutorActivate(false);
        configuration.setProcessEnginePlugins(List.of(new EnvironmentTopicPlugin()));
        engine = configuration.buildProcessEngine();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aStepActingOnOneEnvironmentIsPublishedOnThatEnvironmentsTopicAndAnyOtherOnItsOwn() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("steps").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Install").camundaExternalTask("install-version")
                .camundaInputParameter("environment", "production")
                .serviceTask("Task_Copy").camundaExternalTask("copy-production-data")
                .endEvent().done();
        engine.getRepositoryService().createDeployment().addModelInstance("steps.bpmn", model).deploy();

        engine.getRuntimeService().startProcessInstanceByKey("steps");
        assertThat(onlyTopic()).isEqualTo("install-version@production");

        var external = engine.getExternalTaskService();
        external.fetchAndLock(1, "w").topic("install-version@production", 1000).execute()
                .forEach(task -> external.complete(task.getId(), "w"));
        assertThat(onlyTopic()).isEqualTo("copy-production-data");
    }

    @Test
    void theStepsTheWorkersSplitPerEnvironmentAreExactlyThoseTheModelGivesAnEnvironment() {
        BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("bpmn/release-policy.bpmn").toFile());
        Map<String, Boolean> withEnvironment = new java.util.TreeMap<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            if (!"external".equals(task.getCamundaType())) {
                continue;
            }
            boolean hasEnvironment = model.getModelElementsByType(CamundaInputParameter.class).stream()
                    .filter(parameter -> ReleasePolicy.Vars.ENVIRONMENT.name().equals(parameter.getCamundaName()))
                    .anyMatch(parameter -> isInside(parameter, task));
            withEnvironment.merge(task.getCamundaTopic(), hasEnvironment, (a, b) -> {
                assertThat(a).as("every element of topic %s has an environment, or none", task.getCamundaTopic())
                        .isEqualTo(b);
                return a;
            });
        }
        assertThat(withEnvironment.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(StepTopics.ON_ONE_ENVIRONMENT);
    }

    private static boolean isInside(CamundaInputParameter parameter, ServiceTask task) {
        for (var element = parameter.getParentElement(); element != null; element = element.getParentElement()) {
            if (element == task) {
                return true;
            }
        }
        return false;
    }

    private String onlyTopic() {
        return Optional.ofNullable(engine.getExternalTaskService().createExternalTaskQuery().singleResult())
                .map(task -> task.getTopicName()).orElse(null);
    }
}
