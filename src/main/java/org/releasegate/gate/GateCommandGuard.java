package org.releasegate.gate;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractDeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetStateCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractUpdateProcessInstancesSuspendStateCmd;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.RecalculateJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.cmd.batch.CorrelateAllMessageBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;
import org.camunda.bpm.engine.task.Task;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedOperation;
import org.releasegate.process.ReleasePolicy.Forms;
import org.releasegate.security.Roles;

/**
 * The engine's own gate: every command a person sends — through Tasklist, Cockpit, the REST API or the Java API with
 * an authenticated user — passes here before it runs. A person may complete a task or start a release only with the
 * variables its form declares ({@link SubmittedVariables}), may not write a release's variables any other way, nor
 * move a release off its path (start it at a step, modify, restart or migrate it, correlate a message or signal,
 * throw an error from a task, fire a timer early or run a job by hand, suspend it or its jobs, or delete it), nor
 * write Camunda's comments; automated steps are the workers' alone. {@code camunda-admin} keeps every power (the
 * release report lists what admins did). Calls without an authenticated user are the
 * application's own code and the job executor, trusted as for the engine's authorization checks.
 *
 * <p>Camunda decides what a caller may do per resource (UPDATE on a process instance allows both retrying a failed
 * step and moving the release anywhere); this guard decides per operation, which is what a release policy needs.
 */
class GateCommandGuard extends CommandInterceptor {

    /** Commands that change a release's path. */
    private static final List<Class<?>> PATH_CHANGES = List.of(
            StartProcessInstanceAtActivitiesCmd.class, ModifyProcessInstanceCmd.class,
            ModifyProcessInstanceAsyncCmd.class, AbstractModificationCmd.class, AbstractRestartProcessInstanceCmd.class,
            RestartProcessInstancesBatchCmd.class, AbstractMigrationCmd.class, AbstractCorrelateMessageCmd.class,
            CorrelateAllMessageBatchCmd.class, MessageEventReceivedCmd.class, SignalCmd.class,
            SignalEventReceivedCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class,
            // suspending a release, its jobs (the production window's timer) or their definitions: it waits silently
            AbstractSetStateCmd.class, AbstractUpdateProcessInstancesSuspendStateCmd.class,
            AbstractDeleteProcessInstanceCmd.class, DeleteProcessInstanceBatchCmd.class,
            // a timer fired early (the production window) or a step's continuation run by hand
            SetJobDuedateCmd.class, RecalculateJobDuedateCmd.class, ExecuteJobsCmd.class);

    /** Commands that write variables outside a form. */
    private static final List<Class<?>> VARIABLE_WRITES = List.of(
            AbstractSetVariableCmd.class, AbstractPatchVariablesCmd.class, AbstractRemoveVariableCmd.class,
            SetVariablesToProcessInstancesBatchCmd.class);

    /**
     * Camunda's comments on a task or a release: its own record, beside the forms' comments that the report and the
     * verdicts hold. AddCommentCmd checks no permission, and UPDATE on a release lets operations rewrite or delete them.
     */
    private static final List<Class<?>> COMMENT_WRITES = List.of(AddCommentCmd.class, UpdateCommentCmd.class,
            DeleteTaskCommentCmd.class, DeleteProcessInstanceCommentCmd.class);

    /**
     * Fetching, locking, unlocking and finishing automated steps: a step unlocked while its worker runs it would be
     * fetched and run a second time at once.
     */
    private static final List<Class<?>> STEP_WORK = List.of(FetchExternalTasksCmd.class, HandleExternalTaskCmd.class,
            UnlockExternalTaskCmd.class);

    /** Read at each command: the engine's services do not exist yet when the guard is installed. */
    private final ProcessEngineConfigurationImpl engine;
    private final AgentCommands agentCommands;
    private final EvidenceAccess evidenceAccess;

    GateCommandGuard(ProcessEngineConfigurationImpl engine, AgentCommands agentCommands) {
        this.engine = engine;
        this.agentCommands = agentCommands;
        this.evidenceAccess = new EvidenceAccess(engine);
    }

    @Override
    public <T> T execute(Command<T> command) {
        // Commands nested in a running one are the engine's and the model's own work, not the caller's request.
        if (Context.getCommandContext() != null) {
            return next.execute(command);
        }
        Authentication caller = engine.getIdentityService().getCurrentAuthentication();
        if (caller != null && !isAdmin(caller)) {
            check(command, caller);
        }
        try {
            return next.execute(command);
        } catch (ProcessEngineException failure) {
            throw refusalInside(failure).orElse(failure);
        }
    }

    /**
     * A refusal of the policy's own listeners (four eyes, a verdict without its comment), which the engine wraps in
     * « ENGINE-03051 There was an exception while invoking the TaskListener… »: the person reads the refusal itself,
     * with its status (403; 400 for input, as the REST API answers a form's invalid field). The command was rolled
     * back already.
     */
    private static Optional<ProcessEngineException> refusalInside(ProcessEngineException failure) {
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException refusal) {
                return Optional.of(refusal);
            }
            if (cause instanceof BadUserRequestException input) {
                return Optional.of(new FormFieldValidationException(null, input.getMessage(), input));
            }
        }
        return Optional.empty();
    }

    private void check(Command<?> command, Authentication caller) {
        boolean worker = groups(caller).contains(Roles.WORKERS);
        if (!worker && groups(caller).contains(Roles.AGENTS)) {
            agentCommands.check(command, caller.getUserId());
        } else if (isAny(command, STEP_WORK)) {
            if (!worker) {
                throw new RefusedOperation("gate.step-work", caller.getUserId());
            }
        } else if (isAny(command, PATH_CHANGES)) {
            throw new RefusedOperation("gate.path-change", Roles.ADMINS, caller.getUserId());
        } else if (isAny(command, VARIABLE_WRITES)) {
            throw new RefusedOperation("gate.variable-write", Roles.ADMINS);
        } else if (isAny(command, COMMENT_WRITES)) {
            throw new RefusedOperation("gate.comment");
        } else if (EvidenceAccess.concerns(command)) {
            evidenceAccess.check(command, caller.getUserId());
        } else if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
            checkCompletion(CommandInput.taskId(command), CommandInput.variables(command));
        } else if (command instanceof StartProcessInstanceCmd || command instanceof SubmitStartFormCmd) {
            SubmittedVariables.check(Forms.START, Messages.text("gate.form.start"), CommandInput.variables(command),
                    name -> null);
        }
    }

    private void checkCompletion(String taskId, Map<String, Object> variables) {
        if (variables.isEmpty()) {
            return;
        }
        TaskService tasks = engine.getTaskService();
        Task task = taskId == null ? null : tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            throw new RefusedOperation("gate.task-unknown", taskId);
        }
        String what = Messages.text("gate.form.task", task.getName());
        SubmittedVariables.check(Forms.ofTask(task.getTaskDefinitionKey()).orElse(null), what, variables,
                name -> tasks.getVariableTyped(taskId, name));
    }

    private static boolean isAny(Command<?> command, List<Class<?>> kinds) {
        return kinds.stream().anyMatch(kind -> kind.isInstance(command));
    }

    private static boolean isAdmin(Authentication caller) {
        return groups(caller).contains(Roles.ADMINS);
    }

    private static List<String> groups(Authentication caller) {
        return caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    }
}
