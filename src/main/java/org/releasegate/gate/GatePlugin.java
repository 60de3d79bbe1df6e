package org.releasegate.gate;

import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.process.FormContract;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.restore.RollbackReadiness;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.FourEyesProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Puts the gate into the engine: the command guard in front of every command, one release at a time on the start
 * event, the production prerequisites on the steps that touch production, and decisions that start empty on the
 * decision tasks, in every deployed model (built-in
 * listeners: they run even where custom listeners are skipped, and editing the model cannot lose them).
 */
@Component
class GatePlugin extends AbstractProcessEnginePlugin {

    private final boolean fourEyes;
    private final Callable<Optional<String>> rollbackImpossibility;
    private final AgentAccounts agents;

    /** @param rollbackReadiness looked up when a release stops production, long after the engine is built */
    @Autowired
    GatePlugin(FourEyesProperties fourEyes, ObjectProvider<RollbackReadiness> rollbackReadiness, AgentAccounts agents) {
        this(fourEyes, () -> rollbackReadiness.getObject().impossibility(), agents);
    }

    /** @param rollbackImpossibility why a rollback would be impossible now (French), empty when it is possible */
    GatePlugin(FourEyesProperties fourEyes, Callable<Optional<String>> rollbackImpossibility, AgentAccounts agents) {
        this.fourEyes = fourEyes.enabled();
        this.rollbackImpossibility = rollbackImpossibility;
        this.agents = agents;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequired().add(new GateCommandGuard(configuration, new AgentCommands(agents)));
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        ExecutionListener prerequisites = new ProductionPrerequisites(fourEyes, rollbackImpossibility);
        ExecutionListener oneAtATime = new OneReleaseAtATime();
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseStartEvent(Element startEventElement, ScopeImpl scope, ActivityImpl activity) {
                if (ReleasePolicy.Elements.START.equals(activity.getId())) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, oneAtATime);
                }
            }

            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ReleasePolicy.Forms.ofTask(activity.getId()).map(FormContract::startingEmpty)
                        .filter(decisions -> !decisions.isEmpty())
                        .ifPresent(decisions -> ((UserTaskActivityBehavior) activity.getActivityBehavior())
                                .getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE,
                                        new DecisionsStartEmpty(decisions)));
            }

            @Override
            public void parseServiceTask(Element serviceTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (ProductionPrerequisites.GUARDED.contains(activity.getId())) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, prerequisites);
                }
            }
        });
    }
}
