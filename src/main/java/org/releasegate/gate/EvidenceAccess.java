package org.releasegate.gate;

import java.util.List;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CreateAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.GetAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.GetAttachmentContentCmd;
import org.camunda.bpm.engine.impl.cmd.GetProcessInstanceAttachmentsCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskAttachmentContentCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskAttachmentsCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAttachmentCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.AttachmentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Attachment;
import org.releasegate.message.RefusedOperation;

/**
 * Who may read a release's evidence, and that nobody changes it. Camunda checks no authorization on attachments: anyone
 * logged in who knows a task's and an attachment's ids could download the evidence, and whoever reads a release's
 * history (release managers, operations) could delete it after the verdict or join a file to a tester's open
 * verification. Here evidence is joined only by the verdict's form (the listeners attach the
 * form's files, inside the completion) and is then part of the record: a person neither adds, renames nor deletes an
 * attachment directly. It is read by whoever may read the task it belongs to — the task is theirs to see, the history
 * of the release is (release managers, operations), or they hold a task of the same release now (a tester of round 2
 * opens round 1's evidence).
 */
final class EvidenceAccess {

    private static final List<Class<?>> CHANGES = List.of(
            CreateAttachmentCmd.class, SaveAttachmentCmd.class, DeleteAttachmentCmd.class);

    private static final List<Class<?>> READS = List.of(
            GetTaskAttachmentCmd.class, GetTaskAttachmentContentCmd.class, GetTaskAttachmentsCmd.class,
            GetAttachmentCmd.class, GetAttachmentContentCmd.class, GetProcessInstanceAttachmentsCmd.class);

    private final ProcessEngineConfigurationImpl engine;

    EvidenceAccess(ProcessEngineConfigurationImpl engine) {
        this.engine = engine;
    }

    static boolean concerns(Command<?> command) {
        return isAny(command, CHANGES) || isAny(command, READS);
    }

    void check(Command<?> command, String userId) {
        if (isAny(command, CHANGES)) {
            throw new RefusedOperation("gate.evidence.change", userId);
        }
        if (!readable(command)) {
            throw new RefusedOperation("gate.evidence.read", userId);
        }
    }

    private boolean readable(Command<?> command) {
        if (command instanceof GetProcessInstanceAttachmentsCmd) {
            return holdsATaskOf((String) CommandInput.field(command, "processInstanceId"));
        }
        String taskId;
        if (command instanceof GetAttachmentCmd || command instanceof GetAttachmentContentCmd) {
            String attachmentId = (String) CommandInput.field(command, "attachmentId");
            Attachment attachment = engine.getCommandExecutorTxRequired().execute(context ->
                    context.getDbEntityManager().selectById(AttachmentEntity.class, attachmentId));
            if (attachment == null || attachment.getTaskId() == null) {
                // unknown, or joined to a release rather than a task: evidence is always a task's
                return false;
            }
            taskId = attachment.getTaskId();
        } else {
            taskId = (String) CommandInput.field(command, "taskId");
        }
        return taskId != null
                && (visibleOpenTask(taskId) || visibleInHistory(taskId) || holdsATaskOf(processInstanceOfTask(taskId)));
    }

    /** Read without the caller's authorization: only to decide, never returned. */
    private String processInstanceOfTask(String taskId) {
        var historic = engine.getCommandExecutorTxRequired().execute(context ->
                context.getHistoricTaskInstanceManager().findHistoricTaskInstanceById(taskId));
        if (historic != null) {
            return historic.getProcessInstanceId();
        }
        TaskEntity task = engine.getCommandExecutorTxRequired().execute(context ->
                context.getTaskManager().findTaskById(taskId));
        return task == null ? null : task.getProcessInstanceId();
    }

    // The queries below run as the caller: the engine's authorization checks decide.

    private boolean visibleOpenTask(String taskId) {
        return engine.getTaskService().createTaskQuery().taskId(taskId).count() > 0;
    }

    private boolean visibleInHistory(String taskId) {
        return engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(taskId).count() > 0;
    }

    private boolean holdsATaskOf(String processInstanceId) {
        return processInstanceId != null
                && engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).count() > 0;
    }

    private static boolean isAny(Command<?> command, List<Class<?>> kinds) {
        return kinds.stream().anyMatch(kind -> kind.isInstance(command));
    }
}
