package org.releasegate.verification;

import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.stereotype.Component;

/** Gives the final acceptance its summary of what was verified ({@link AcceptanceSummary}) when the task is created. */
@Component
class AcceptanceSummaryPlugin extends AbstractProcessEnginePlugin {

    private final AcceptanceSummary summary;

    AcceptanceSummaryPlugin(VerdictRepository verdicts, WorkaroundRepository workarounds) {
        this.summary = new AcceptanceSummary(verdicts, workarounds);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (ReleasePolicy.Elements.FINAL_ACCEPTANCE.equals(activity.getId())
                        && activity.getActivityBehavior() instanceof UserTaskActivityBehavior task) {
                    task.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, summary);
                }
            }
        });
    }
}
