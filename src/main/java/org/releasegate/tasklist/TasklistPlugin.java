package org.releasegate.tasklist;

import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.process.ReleasePolicy;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the release's name on every task of every deployed release model and a filter per release into Tasklist,
 * without a line in the model the process owner edits. Ordered before the notifications, so that a mail names a task
 * as Tasklist does.
 */
@Component
@Order(3)
class TasklistPlugin extends AbstractProcessEnginePlugin {

    private final TaskListener taskNames = new ReleaseTaskNames();
    private final ExecutionListener filterCreation = ReleaseFilter::create;
    private final ExecutionListener filterRemoval = ReleaseFilter::delete;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity process) {
                if (ReleasePolicy.PROCESS_KEY.equals(process.getKey())) {
                    // after the model's own start listener, which names the release
                    process.addListener(ExecutionListener.EVENTNAME_START, filterCreation);
                    process.addBuiltInListener(ExecutionListener.EVENTNAME_END, filterRemoval);
                }
            }

            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getProcessDefinition() instanceof ProcessDefinitionEntity process
                        && ReleasePolicy.PROCESS_KEY.equals(process.getKey())
                        && activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
                    // not built in: after the model's create listeners
                    userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, taskNames);
                }
            }
        });
    }
}
