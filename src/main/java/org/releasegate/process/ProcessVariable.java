package org.releasegate.process;

import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * One process variable: its name and type in one place, so code never spells variable names or casts values.
 */
public final class ProcessVariable<T> {

    private final String name;
    private final Class<T> type;

    private ProcessVariable(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    static ProcessVariable<String> string(String name) {
        return new ProcessVariable<>(name, String.class);
    }

    static ProcessVariable<Boolean> bool(String name) {
        return new ProcessVariable<>(name, Boolean.class);
    }

    static ProcessVariable<Integer> integer(String name) {
        return new ProcessVariable<>(name, Integer.class);
    }

    static ProcessVariable<Date> date(String name) {
        return new ProcessVariable<>(name, Date.class);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public Optional<T> find(VariableScope scope) {
        return cast(scope.getVariable(name));
    }

    public Optional<T> find(ExternalTask task) {
        return cast(task.getVariable(name));
    }

    public Optional<T> find(Map<String, Object> variables) {
        return cast(variables.get(name));
    }

    /** The value a release holds in its own scope (not a task's local one), from history: also once it has ended. */
    public Optional<T> findInHistory(HistoryService history, String processInstanceId) {
        return history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
                .list().stream().filter(variable -> processInstanceId.equals(variable.getExecutionId()))
                .map(HistoricVariableInstance::getValue).filter(Objects::nonNull).findFirst().flatMap(this::cast);
    }

    /** The value, or an error naming the missing variable (a model or start-form defect, not a user error). */
    public T from(VariableScope scope) {
        return find(scope).orElseThrow(this::missing);
    }

    public T from(ExternalTask task) {
        return find(task).orElseThrow(this::missing);
    }

    public T from(Map<String, Object> variables) {
        return find(variables).orElseThrow(this::missing);
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }

    /** Sets the value on this scope only (a task, or one instance of a multi-instance activity). */
    public void setLocal(VariableScope scope, T value) {
        scope.setVariableLocal(name, value);
    }

    /** Adds the value to a variable map, for completing a task or starting a process. */
    public VariableMap on(VariableMap variables, T value) {
        return variables.putValue(name, value);
    }

    private Optional<T> cast(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (type == Integer.class && value instanceof Number number) {
            return Optional.of(type.cast(number.intValue()));
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("Process variable '" + name + "' holds a " + value.getClass().getSimpleName()
                    + ", expected a " + type.getSimpleName());
        }
        return Optional.of(type.cast(value));
    }

    private IllegalStateException missing() {
        return new IllegalStateException("Process variable '" + name + "' is not set");
    }

    @Override
    public String toString() {
        return name;
    }
}
