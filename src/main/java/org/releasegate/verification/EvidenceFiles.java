package org.releasegate.verification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedInput;
import org.releasegate.process.ReleasePolicy;

/**
 * Evidence a verifier joins to a verification: up to three files ({@code evidence1..3}, {@code File} variables sent
 * by the embedded form or the REST API), kept as attachments of the task — where Tasklist's API, Cockpit's history
 * and the release report find them — rather than as variables.
 */
final class EvidenceFiles {

    static final List<String> SLOTS = ReleasePolicy.Vars.EVIDENCE_FILES;
    static final long MAX_BYTES = 20L * 1024 * 1024;
    static final String DESCRIPTION = Messages.text("verification.evidence.description");

    private EvidenceFiles() {
    }

    /** Makes the slots local to this verification, so that parallel verifications don't share them. */
    static void declare(DelegateTask task) {
        SLOTS.forEach(slot -> task.getExecution().setVariableLocal(slot, null));
    }

    /** Turns each file sent into an attachment of the task, and drops the variable that carried it. */
    static void attach(DelegateTask task) {
        TaskService tasks = task.getProcessEngineServices().getTaskService();
        for (String slot : SLOTS) {
            TypedValue value = task.getVariableTyped(slot);
            if (value instanceof FileValue file && file.getFilename() != null && !file.getFilename().isBlank()) {
                attach(tasks, task, file);
            }
            task.getExecution().removeVariableLocal(slot);
        }
    }

    private static void attach(TaskService tasks, DelegateTask task, FileValue file) {
        try (InputStream content = file.getValue()) {
            byte[] bytes = content == null ? new byte[0] : content.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new RefusedInput("verification.evidence-too-large", file.getFilename(), MAX_BYTES / (1024 * 1024));
            }
            String type = file.getMimeType() == null || file.getMimeType().isBlank()
                    ? "application/octet-stream" : file.getMimeType();
            // The verifier may work on the task (TASK_WORK) but not update it; the attachment is part of that work.
            Context.getCommandContext().runWithoutAuthorization(() -> tasks.createAttachment(type, task.getId(),
                    task.getProcessInstanceId(), file.getFilename(), DESCRIPTION, new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where a form shown in Tasklist downloads an evidence file: relative to Tasklist's page
     * (/camunda/app/tasklist/default/), into the webapps' API of the same session; it downloads under its own name
     * ({@link EvidenceDownloadName}).
     */
    static String downloadLink(Attachment file) {
        return "../../../api/engine/engine/default/task/" + file.getTaskId() + "/attachment/" + file.getId() + "/data";
    }

    /** The names of the evidence files of a (possibly completed) verification task, comma-separated. */
    static String names(TaskService tasks, String taskId) {
        return tasks.getTaskAttachments(taskId).stream().map(Attachment::getName).collect(Collectors.joining(", "));
    }
}
