package org.releasegate.worker;

import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT_MAY_BE_ALTERED;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.client.exception.BadRequestException;
import org.camunda.bpm.client.exception.NotFoundException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;
import org.releasegate.message.Refusal;
import org.releasegate.message.TechnicalDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Step} for one fetched task: keeps the lock alive while the step runs, then completes it, raises
 * its BPMN error, or reports a failure with decreasing retries (at zero the engine opens an incident). When the engine
 * refuses to renew the lock (another engine node took the task over after this one was frozen past the lock's end),
 * the step is interrupted and nothing is reported: the other node's run is the one that counts.
 * <p>
 * A {@link RejectedInputException} says retrying cannot help (wrong input, a privilege or role missing on a server):
 * it raises the step's BPMN error, or — for a step that has none — opens the incident at once, never retried, so that
 * a step stopping, archiving, installing in or restoring production is not run again blindly. Anything else may pass
 * by itself (a lost connection, a lock, a full disk being cleaned) and is retried.
 */
class StepRunner implements ExternalTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final Step step;
    private final WorkerProperties properties;
    private final ScheduledExecutorService lockKeeper;

    StepRunner(Step step, WorkerProperties properties, ScheduledExecutorService lockKeeper) {
        this.step = step;
        this.properties = properties;
        this.lockKeeper = lockKeeper;
    }

    @Override
    public void execute(ExternalTask task, ExternalTaskService service) {
        long lockMillis = properties.lockDuration().toMillis();
        Attempt attempt = new Attempt(Thread.currentThread());
        ScheduledFuture<?> renewal = lockKeeper.scheduleAtFixedRate(
                () -> extendLock(task, service, lockMillis, attempt), lockMillis / 2, lockMillis / 2, TimeUnit.MILLISECONDS);
        VariableMap result;
        try {
            result = step.run(task);
        } catch (Exception | LinkageError failure) {
            renewal.cancel(false);
            if (attempt.end()) {
                LOG.warn("{} task {}: this attempt stopped after losing its lock ({})", step.topic(), task.getId(),
                        readable(failure));
                return;
            }
            handle(task, service, failure);
            return;
        }
        renewal.cancel(false);
        if (attempt.end()) {
            LOG.warn("{} task {}: this attempt ended after losing its lock; its result is not sent", step.topic(),
                    task.getId());
            return;
        }
        service.complete(task, result);
    }

    private void handle(ExternalTask task, ExternalTaskService service, Throwable failure) {
        if (!(failure instanceof RejectedInputException rejected)) {
            reportFailure(task, service, failure,
                    (task.getRetries() == null ? properties.retries() : task.getRetries()) - 1);
        } else if (step.rejectionErrorCode() == null) {
            reportFailure(task, service, rejected, 0);
        } else {
            LOG.warn("{} rejected for process instance {}: {}{}", step.topic(), task.getProcessInstanceId(),
                    rejected.getMessage(), rejected.detail().map(detail -> " [" + detail + "]").orElse(""));
            service.handleBpmnError(task, step.rejectionErrorCode(), rejected.getMessage(),
                    ENVIRONMENT_MAY_BE_ALTERED.on(Variables.createVariables(), rejected.mayHaveAlteredTarget()));
        }
    }

    /**
     * The thread running one attempt of a step, and whether the attempt lost its lock: the engine refused to extend
     * it (another node or agent took the task after this one's lock ran out — a node frozen longer than the lock —, or
     * the task is gone). The step is then interrupted, so that it stops rather than overlap the other run; it is built
     * to be stopped at any point, as by a crash.
     */
    private static final class Attempt {

        private final Thread runner;
        private boolean running = true;
        private boolean lockLost;

        Attempt(Thread runner) {
            this.runner = runner;
        }

        /**
         * Runs a renewal unless the attempt has ended; the attempt's end waits for a renewal under way, so that the
         * completion never meets it in the engine (the task updated by both at once: the completion would fail).
         */
        synchronized void whileRunning(Runnable renewal) {
            if (running) {
                renewal.run();
            }
        }

        synchronized void lockLost() {
            if (running) {
                lockLost = true;
                runner.interrupt();
            }
        }

        /** @return whether the lock was lost; clears the interrupt it caused, so the client's thread goes on fetching */
        synchronized boolean end() {
            running = false;
            if (lockLost) {
                Thread.interrupted();
            }
            return lockLost;
        }
    }

    /** @param retriesLeft 0 or less opens the incident */
    private void reportFailure(ExternalTask task, ExternalTaskService service, Throwable failure, int retriesLeft) {
        String message = readable(failure);
        String detail = details(failure);
        LOG.error("{} failed for process instance {} ({} retries left): {}{}", step.topic(), task.getProcessInstanceId(),
                Math.max(retriesLeft, 0), message, detail.isEmpty() ? "" : " [" + detail + "]", failure);
        service.handleFailure(task, message, (detail.isEmpty() ? "" : detail + "\n\n") + stackTrace(failure),
                Math.max(retriesLeft, 0), properties.retryDelay().toMillis());
    }

    private void extendLock(ExternalTask task, ExternalTaskService service, long lockMillis, Attempt attempt) {
        try {
            attempt.whileRunning(() -> service.extendLock(task, lockMillis));
        } catch (BadRequestException | NotFoundException lost) {
            LOG.error("{} task {} is no longer this worker's ({}): another node or agent may be running it; stopping "
                    + "this attempt", step.topic(), task.getId(), lost.getMessage());
            attempt.lockLost();
            // Ends the renewals of this attempt.
            throw lost;
        } catch (RuntimeException e) {
            LOG.warn("Could not extend the lock of {} task {}: {}", step.topic(), task.getId(), e.getMessage());
        }
    }

    /**
     * What the incident in Cockpit says: the French texts written for people along the chain of causes (a refusal's
     * reason, a text of the bundle, a file named by its name alone), never a library's English, an engine code, a class
     * name or a server path. A failure that carries none of them is named by its kind (files or network, settings,
     * anything else). The English, the paths and the stack trace are in the incident's details and the server's log.
     */
    static String readable(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null && (message == null || message.length() < 600); t = causeOf(t)) {
            String text = forPeople(t);
            if (text == null) {
                continue;
            }
            if (message == null) {
                message = text;
            } else if (!message.contains(text)) {
                message = Messages.text("step.failure.cause", message, text);
            }
        }
        if (message == null) {
            message = Messages.text(kind(failure));
        }
        return message.length() > 600 ? message.substring(0, 600) + "…" : message;
    }

    /** The technical detail the failures along the chain keep for the log (paths, commands, the server's English). */
    static String details(Throwable failure) {
        StringBuilder details = new StringBuilder();
        for (Throwable t = failure; t != null; t = causeOf(t)) {
            Optional<String> detail = t instanceof RejectedInputException rejected ? rejected.detail()
                    : t instanceof TechnicalDetail technical ? technical.detail() : Optional.empty();
            detail.filter(text -> details.indexOf(text) < 0)
                    .ifPresent(text -> details.append(details.isEmpty() ? "" : "; ").append(text));
        }
        return details.toString();
    }

    private static Throwable causeOf(Throwable failure) {
        return failure.getCause() == failure ? null : failure.getCause();
    }

    private static String forPeople(Throwable failure) {
        if (failure instanceof NoSuchFileException missing) {
            return Messages.text("step.failure.missing-file", fileName(missing.getFile()));
        }
        if (failure instanceof FileAlreadyExistsException existing) {
            return Messages.text("step.failure.in-the-way", fileName(existing.getFile()));
        }
        if (failure instanceof AccessDeniedException denied) {
            return Messages.text("step.failure.access-denied", fileName(denied.getFile()));
        }
        if (failure instanceof IOException && failure.getMessage() != null
                && failure.getMessage().contains("No space left on device")) {
            return failure instanceof FileSystemException written && written.getFile() != null
                    ? Messages.text("step.failure.disk-full-file", fileName(written.getFile()))
                    : Messages.text("step.failure.disk-full");
        }
        String message = failure.getMessage();
        Throwable cause = causeOf(failure);
        if (message == null || failure instanceof TechnicalDetail technical && technical.fromSettings()
                || cause != null && cause.getMessage() != null && message.contains(cause.getMessage())) {
            // a wrapper that repeats its cause's message lets the cause speak
            return null;
        }
        if (failure instanceof RejectedInputException || failure instanceof Refusal || Messages.isBundleText(message)) {
            return message;
        }
        return null;
    }

    /** A failure without a French word of ours, named by its kind: what operations look at first. */
    private static String kind(Throwable failure) {
        String kind = "step.failure.technical";
        for (Throwable t = failure; t != null; t = causeOf(t)) {
            if (t instanceof TechnicalDetail technical && technical.fromSettings()) {
                return "step.failure.settings";
            }
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof SQLException) {
                kind = "step.failure.io";
            }
        }
        return kind;
    }

    /** A file's name without the folders above it: the incident names no place on the server. */
    private static String fileName(String file) {
        if (file == null) {
            return "?";
        }
        String name = file.replaceAll("[/\\\\]+$", "");
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
