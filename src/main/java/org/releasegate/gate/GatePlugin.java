package org.releasegate.gate;

import java.util.ArrayList;
import java.util.List;
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
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.FormContract;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.restore.RollbackReadiness;
import org.releasegate.security.AgentAccounts;
import org.releasegate.security.FourEyesProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Puts the gate into the engine: the command guard in front of every command, one release at a time and the
 * confirmation of a release of the version in production on the start event, the production prerequisites on the
 * steps that touch production, decisions that start empty on the decision tasks, a failure's reason shown only by
 * the decision it leads to, and a corrected installer that must be in the inbox, in every deployed model (built-in
 * listeners: they run even where custom listeners are skipped, and editing the model cannot lose them); and the
 * incidents of failed jobs in French ({@link FrenchIncidents}).
 */
@Component
class GatePlugin extends AbstractProcessEnginePlugin {

    private final boolean fourEyes;
    private final Callable<Optional<String>> rollbackImpossibility;
    private final Callable<Optional<String>> productionVersion;
    private final Callable<List<String>> inboxFiles;
    private final AgentAccounts agents;

    /** The beans are looked up when a release needs them, long after the engine is built. */
    @Autowired
    GatePlugin(FourEyesProperties fourEyes, ObjectProvider<RollbackReadiness> rollbackReadiness,
               ObjectProvider<InstallMethods> installMethods, ObjectProvider<Inbox> inbox, AgentAccounts agents) {
        this(fourEyes, () -> rollbackReadiness.getObject().impossibility(),
                () -> installMethods.getObject().installedVersion(Environments.PRODUCTION),
                () -> inbox.getObject().files(), agents);
    }

    /**
     * @param rollbackImpossibility why a rollback would be impossible now (French), empty when it is possible
     * @param productionVersion     the version production runs, empty when nothing is installed
     * @param inboxFiles            the names of the inbox's files, sorted
     * @param agents                the agents declared, whose logins may only run their environments' steps
     */
    GatePlugin(FourEyesProperties fourEyes, Callable<Optional<String>> rollbackImpossibility,
               Callable<Optional<String>> productionVersion, Callable<List<String>> inboxFiles, AgentAccounts agents) {
        this.fourEyes = fourEyes.enabled();
        this.rollbackImpossibility = rollbackImpossibility;
        this.productionVersion = productionVersion;
        this.inboxFiles = inboxFiles;
        this.agents = agents;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequired().add(new GateCommandGuard(configuration, new AgentCommands(agents)));
        if (configuration.getCustomIncidentHandlers() == null) {
            configuration.setCustomIncidentHandlers(new ArrayList<>());
        }
        configuration.getCustomIncidentHandlers().add(new FrenchIncidents());
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        ExecutionListener prerequisites = new ProductionPrerequisites(fourEyes, rollbackImpossibility);
        ExecutionListener oneAtATime = new OneReleaseAtATime();
        ExecutionListener sameVersionConfirmed = new SameVersionConfirmed(productionVersion);
        TaskListener installerInInbox = new InstallerInInbox(inboxFiles);
        TaskListener failureReasonConsumed = new FailureReasonConsumed();
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseStartEvent(Element startEventElement, ScopeImpl scope, ActivityImpl activity) {
                if (ReleasePolicy.Elements.START.equals(activity.getId())) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, oneAtATime);
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, sameVersionConfirmed);
                }
            }

            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (!(activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask)) {
                    return;
                }
                TaskDefinition task = userTask.getTaskDefinition();
                ReleasePolicy.Forms.ofTask(activity.getId()).map(FormContract::startingEmpty)
                        .filter(decisions -> !decisions.isEmpty())
                        .ifPresent(decisions -> task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE,
                                new DecisionsStartEmpty(decisions)));
                task.addBuiltInTaskListener(FailureReasonConsumed.eventFor(activity.getId()), failureReasonConsumed);
                if (InstallerInInbox.TASKS.contains(activity.getId())) {
                    task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, installerInInbox);
                    task.addBuiltInTaskListener(TaskListener.EVENTNAME_UPDATE, installerInInbox);
                    task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, installerInInbox);
                }
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
