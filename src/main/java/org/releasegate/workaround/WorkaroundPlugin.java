package org.releasegate.workaround;

import java.time.Clock;
import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Closes workarounds when a release ends, from a listener the engine adds to the release's end events (so the
 * process owner's model needs none): a release that reaches production closes the workarounds whose fix it
 * verified; one that ends without its version in production (abandoned, previous version restored) closes those
 * it decided, which never came into force, and a fix it verified is forgotten.
 */
@Component
class WorkaroundPlugin extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(WorkaroundPlugin.class);

    private final WorkaroundRepository workarounds;
    private final Clock clock;

    WorkaroundPlugin(WorkaroundRepository workarounds, Clock clock) {
        this.workarounds = workarounds;
        this.clock = clock;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        ExecutionListener releaseEnded = this::releaseEnded;
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseEndEvent(Element endEventElement, ScopeImpl scope, ActivityImpl activity) {
                if (scope instanceof ProcessDefinitionEntity process && ReleasePolicy.PROCESS_KEY.equals(process.getKey())) {
                    activity.addListener(ExecutionListener.EVENTNAME_END, releaseEnded);
                }
            }
        });
    }

    void releaseEnded(DelegateExecution execution) {
        String release = execution.getProcessInstanceId();
        String end = execution.getCurrentActivityId();
        String name = execution.getProcessBusinessKey() == null ? release : execution.getProcessBusinessKey();
        if (ReleasePolicy.Elements.END_IN_PRODUCTION.equals(end)
                || ReleasePolicy.Elements.END_IN_PRODUCTION_WITH_WORKAROUND.equals(end)) {
            int closed = workarounds.closeFixedIn(release, clock.instant(),
                    Messages.text("workaround.closed.fixed", name));
            if (closed > 0) {
                LOG.info("Release {} reached production: {} workaround(s) closed", release, closed);
            }
        } else if (ReleasePolicy.Elements.END_ABANDONED.equals(end)
                || ReleasePolicy.Elements.END_PREVIOUS_VERSION_RESTORED.equals(end)
                || ReleasePolicy.Elements.END_RESTORE_NOT_CONFORM.equals(end)) {
            workarounds.forgetFixVerifiedIn(release);
            workarounds.closeDecidedIn(release, clock.instant(), Messages.text("workaround.closed.moot", name));
        }
    }
}
