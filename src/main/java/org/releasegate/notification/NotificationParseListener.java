package org.releasegate.notification;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.releasegate.process.ReleasePolicy;

/**
 * Adds the notification listeners to every model the engine deploys, so the process owner's BPMN needs none. Runs
 * after the model's own listeners (a verification task's name is set by its create listener before it is mailed).
 */
final class NotificationParseListener extends AbstractBpmnParseListener {

    private final TaskListener taskCreated;
    private final ExecutionListener releaseEnded;

    NotificationParseListener(NotificationService notifications) {
        this.taskCreated = notifications::taskCreated;
        this.releaseEnded = notifications::releaseEnded;
    }

    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
            userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, taskCreated);
        }
    }

    /** The release's own end events only: an end event inside a sub-process does not end the release. */
    @Override
    public void parseEndEvent(Element endEventElement, ScopeImpl scope, ActivityImpl activity) {
        if (scope instanceof ProcessDefinitionEntity process && ReleasePolicy.PROCESS_KEY.equals(process.getKey())) {
            activity.addListener(ExecutionListener.EVENTNAME_END, releaseEnded);
        }
    }
}
