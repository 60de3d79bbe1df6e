package org.releasegate.notification;

import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.releasegate.notification.Notification.ReleaseEnded;
import org.releasegate.notification.Notification.TaskCreated;
import org.releasegate.notification.Notification.TasksLate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The engine's entry points for mails: called from listeners, inside the engine's transaction. Each reads what the
 * mail needs right away, then leaves the sending until after the commit (see {@link PendingNotifications}); nothing
 * here may fail the engine's transaction, so a notification that cannot even be captured is logged and skipped.
 */
@Service
public class NotificationService {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationProperties settings;
    private final Mailer mailer;
    private final Clock clock;
    private final NotificationMails mails;

    NotificationService(NotificationProperties settings, Mailer mailer, Clock clock) {
        this.settings = settings;
        this.mailer = mailer;
        this.clock = clock;
        this.mails = new NotificationMails(new MailWriter(settings, clock.getZone()));
    }

    /** A user task was created: mails its assignee, or else its candidate users and candidate groups' members. */
    public void taskCreated(DelegateTask task) {
        capture(task.getProcessEngineServices(), () -> new TaskCreated(TaskSummary.of(task)));
    }

    /** This task is late (a task listener on {@code timeout}): mails the release managers. */
    public void taskLate(DelegateTask task) {
        capture(task.getProcessEngineServices(), () -> {
            TaskSummary late = TaskSummary.of(task);
            return new TasksLate(late.release(), task.getProcessInstanceId(), List.of(late));
        });
    }

    /**
     * Tasks of this release are late (an execution listener on a non-interrupting timer boundary event): mails the
     * release managers about the open tasks of the activity the timer is attached to. Elsewhere in the model, about
     * the release's open tasks whose due date has passed.
     */
    public void taskLate(DelegateExecution execution) {
        capture(execution.getProcessEngineServices(), () -> {
            TaskService taskService = execution.getProcessEngineServices().getTaskService();
            List<Task> late = execution.getBpmnModelElementInstance() instanceof BoundaryEvent timer
                    ? taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active()
                            .taskDefinitionKey(timer.getAttachedTo().getId()).list()
                    : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active()
                            .dueBefore(Date.from(clock.instant())).list();
            if (late.isEmpty()) {
                LOG.info("Release {}: late-task timer fired but no task is open", execution.getProcessInstanceId());
                return null;
            }
            String release = execution.getProcessBusinessKey();
            return new TasksLate(release, execution.getProcessInstanceId(), late.stream()
                    .map(task -> TaskSummary.of(task.getId(), task.getName(), task.getDescription(), task.getDueDate(),
                            release, task.getProcessInstanceId(), task.getAssignee(),
                            taskService.getIdentityLinksForTask(task.getId())))
                    .toList());
        });
    }

    /** A release reached one of its end events: mails its initiator and the release managers, with the report link. */
    public void releaseEnded(DelegateExecution execution) {
        capture(execution.getProcessEngineServices(), () -> new ReleaseEnded(execution.getProcessBusinessKey(),
                execution.getProcessInstanceId(), execution.getCurrentActivityName(),
                RELEASE_INITIATOR.find(execution).orElse(null)));
    }

    /** Hands a committed transaction's notifications to the mail thread, where recipients are looked up. */
    void dispatch(List<Notification> notifications, IdentityService identity) {
        mailer.sendLater(() -> mails.of(notifications, new Recipients(identity)));
    }

    private void capture(ProcessEngineServices engine, Supplier<Notification> notification) {
        if (!settings.enabled()) {
            return;
        }
        try {
            Notification captured = notification.get();
            if (captured == null) {
                return;
            }
            CommandContext command = Context.getCommandContext();
            if (command == null) {
                dispatch(List.of(captured), engine.getIdentityService());
            } else {
                command.getSession(PendingNotifications.class).add(captured, engine.getIdentityService());
            }
        } catch (RuntimeException e) {
            LOG.warn("Notification skipped: {}", e.toString(), e);
        }
    }
}
