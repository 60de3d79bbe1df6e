package org.releasegate.testsupport;

import java.util.List;
import java.util.Map;

import org.assertj.core.data.MapEntry;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.variable.impl.VariableMapImpl;
import org.releasegate.process.ProcessVariable;

/**
 * Process variables as tests write them, typed by {@link org.releasegate.process.ReleasePolicy.Vars}:
 * {@code with(TARGET_VERSION, "1.1").and(POLICY_LEVEL, "strict")} is a {@code VariableMap} (so also a
 * {@code Map<String, Object>}) to start a release, complete a task or give a step its input; {@link #form()} is the
 * same in the REST API's shape. The static readers give a variable of a task or a release, typed.
 */
public final class ReleaseVariables extends VariableMapImpl {

    private ReleaseVariables() {
    }

    /** No variable yet. */
    public static ReleaseVariables none() {
        return new ReleaseVariables();
    }

    public static <T> ReleaseVariables with(ProcessVariable<T> variable, T value) {
        return none().and(variable, value);
    }

    /**
     * A variable {@code ReleasePolicy.Vars} has no typed constant for (a file, a multi-instance element), or a value
     * of another type than its own, on purpose.
     */
    public static ReleaseVariables with(String name, Object value) {
        return none().and(name, value);
    }

    /** All of {@code variables}, as they are. */
    public static ReleaseVariables of(Map<String, ?> variables) {
        ReleaseVariables all = none();
        all.putAll(variables);
        return all;
    }

    public <T> ReleaseVariables and(ProcessVariable<T> variable, T value) {
        putValue(variable.name(), value);
        return this;
    }

    /** As {@link #with(String, Object)}. */
    public ReleaseVariables and(String name, Object value) {
        putValue(name, value);
        return this;
    }

    /** These variables in the REST API's shape: {@code {"variables": {name: {"value": …}}}}. */
    public Map<String, Object> form() {
        return ApplicationClient.variables(this);
    }

    /** An expected entry of a map of variables, for AssertJ's {@code contains}: {@code contains(entry(HEALTHY, true))}. */
    public static <T> MapEntry<String, T> entry(ProcessVariable<T> variable, T value) {
        return MapEntry.entry(variable.name(), value);
    }

    /** A task's variable (its own, else its release's), typed; null when it is not set. */
    public static <T> T ofTask(TaskService tasks, String taskId, ProcessVariable<T> variable) {
        return variable.find(tasks.getVariables(taskId, List.of(variable.name()))).orElse(null);
    }

    /** A task's own (local) variable, typed; null when it is not set. */
    public static <T> T ofTaskLocal(TaskService tasks, String taskId, ProcessVariable<T> variable) {
        return variable.find(tasks.getVariablesLocal(taskId, List.of(variable.name()))).orElse(null);
    }

    /** A variable of a release (or of one of its executions), typed; null when it is not set. */
    public static <T> T ofRelease(RuntimeService runtime, String executionId, ProcessVariable<T> variable) {
        return variable.find(runtime.getVariables(executionId, List.of(variable.name()))).orElse(null);
    }
}
