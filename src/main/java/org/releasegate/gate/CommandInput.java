package org.releasegate.gate;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;

import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;

/**
 * What a person sent with a task completion or a release start, read from the engine's command before it runs. The
 * commands keep their input in protected fields without getters, hence reflection, confined to this class;
 * GateCommandGuardTest fails if an engine upgrade renames a field.
 */
final class CommandInput {

    private CommandInput() {
    }

    static String taskId(Object command) {
        return (String) field(command, command instanceof CompleteTaskCmd ? CompleteTaskCmd.class : SubmitTaskFormCmd.class,
                "taskId");
    }

    /** The variables sent; never null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(Object command) {
        Object variables;
        if (command instanceof CompleteTaskCmd) {
            variables = field(command, CompleteTaskCmd.class, "variables");
        } else if (command instanceof SubmitTaskFormCmd) {
            variables = field(command, SubmitTaskFormCmd.class, "properties");
        } else if (command instanceof SubmitStartFormCmd) {
            variables = field(command, SubmitStartFormCmd.class, "variables");
        } else if (command instanceof StartProcessInstanceCmd) {
            variables = ((ProcessInstantiationBuilderImpl) field(command, StartProcessInstanceCmd.class,
                    "instantiationBuilder")).getVariables();
        } else {
            throw new IllegalArgumentException("No input known for " + command.getClass().getName());
        }
        return variables == null ? Map.of() : (Map<String, Object>) variables;
    }

    /** A field declared by the command's class or one of its superclasses. */
    static Object field(Object command, String name) {
        for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
            if (Arrays.stream(type.getDeclaredFields()).anyMatch(field -> field.getName().equals(name))) {
                return field(command, type, name);
            }
        }
        throw new IllegalStateException("Cannot read '" + name + "' of " + command.getClass().getName());
    }

    static Object field(Object command, Class<?> declaringClass, String name) {
        try {
            Field field = declaringClass.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(command);
        } catch (ReflectiveOperationException e) {
            // Fail closed: a command whose input cannot be read is not run.
            throw new IllegalStateException("Cannot read '" + name + "' of " + declaringClass.getName(), e);
        }
    }
}
