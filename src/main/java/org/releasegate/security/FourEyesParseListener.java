package org.releasegate.security;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Adds the four-eyes listener to the guarded user tasks of every deployed model, as a built-in listener (it runs
 * even where custom listeners are skipped). Claiming, assigning and delegating fire the assignment event.
 */
class FourEyesParseListener extends AbstractBpmnParseListener {

    private final FourEyesTaskListener listener = new FourEyesTaskListener();

    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (FourEyesTaskListener.guards(activity.getId())
                && activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
            TaskDefinition task = userTask.getTaskDefinition();
            task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, listener);
            task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
        }
    }
}
