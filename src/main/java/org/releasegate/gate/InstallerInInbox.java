package org.releasegate.gate;

import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.Variables.SerializationDataFormats;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedInput;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks that name a corrected installer (« Déposer le programme d'installation corrigé », « Déposer la correction
 * urgente ») offer the inbox's files — task-local {@code inboxFiles}, listed when the task is created and again
 * whenever it is updated (claimed, released), the choices of the form's list — and refuse, when the form is sent, a
 * name that is not a file of the inbox, naming those that are. Without it the name was checked only by the install
 * step, after the person had left, as an incident or a failure to decide again.
 */
class InstallerInInbox implements TaskListener {

    static final Set<String> TASKS = Set.of(Elements.PROVIDE_CORRECTED_INSTALLER, Elements.PROVIDE_PRODUCTION_FIX);
    /** More would not fit a list to choose from, nor a message. */
    static final int MAX_OFFERED = 500;
    private static final int MAX_NAMED = 20;
    private static final Logger LOG = LoggerFactory.getLogger(InstallerInInbox.class);

    private final Callable<List<String>> inboxFiles;

    /** @param inboxFiles the names of the inbox's files, sorted */
    InstallerInInbox(Callable<List<String>> inboxFiles) {
        this.inboxFiles = inboxFiles;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            requireInInbox(task);
        } else {
            offer(task);
        }
    }

    private void offer(DelegateTask task) {
        List<String> files;
        try {
            files = inboxFiles.call();
        } catch (Exception e) {
            // The task is created all the same: the name is checked when the form is sent.
            LOG.warn("Release {}: could not list the inbox for task {}", task.getProcessInstanceId(),
                    task.getTaskDefinitionKey(), e);
            files = List.of();
        }
        task.setVariableLocal(ReleasePolicy.Vars.INBOX_FILES, Variables.objectValue(
                        new ArrayList<>(files.subList(0, Math.min(files.size(), MAX_OFFERED))))
                .serializationDataFormat(SerializationDataFormats.JSON).create());
    }

    private void requireInInbox(DelegateTask task) {
        String named = INSTALLER_PACKAGE.find(task).map(String::strip).orElse("");
        List<String> files;
        try {
            files = inboxFiles.call();
        } catch (Exception e) {
            LOG.warn("Release {}: could not list the inbox", task.getProcessInstanceId(), e);
            throw new RefusedInput("gate.inbox.unreadable");
        }
        if (named.isEmpty()) {
            throw new RefusedInput("gate.inbox.choose", available(files));
        }
        if (!files.contains(named)) {
            throw new RefusedInput("gate.inbox.missing", named, available(files));
        }
    }

    private static String available(List<String> files) {
        if (files.isEmpty()) {
            return Messages.text("gate.inbox.empty");
        }
        String named = String.join(", ", files.subList(0, Math.min(files.size(), MAX_NAMED)));
        return files.size() > MAX_NAMED ? Messages.text("gate.inbox.files-and-more", named, files.size() - MAX_NAMED)
                : Messages.text("gate.inbox.files", named);
    }
}
