package org.releasegate.notification;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * {@code ${lateTaskNotifier}} in the model: tells the release managers that tasks are late. Either as an execution
 * listener (event {@code start}) on a non-interrupting timer boundary event attached to a user task, or as a task
 * listener with event {@code timeout} and a timer on the user task itself.
 */
@Component("lateTaskNotifier")
public class LateTaskNotifier implements ExecutionListener, TaskListener {

    private final NotificationService notifications;

    public LateTaskNotifier(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public void notify(DelegateExecution execution) {
        notifications.taskLate(execution);
    }

    @Override
    public void notify(DelegateTask task) {
        notifications.taskLate(task);
    }
}
