package org.releasegate.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.releasegate.message.Messages;
import org.releasegate.message.RefusedOperation;
import org.releasegate.process.FormContract;
import org.releasegate.process.FormField;

/**
 * Checks the variables a person sends against the form they answer: only the fields the form declares, each of its
 * type, texts of a sane length, files of a sane size, and the fields the form only shows sent back unchanged. Any
 * refusal names the variable and happens before anything is written; it is an authorization refusal (REST: 403 with
 * the message, on every endpoint), as any write the caller is not allowed to make.
 */
final class SubmittedVariables {

    /** Longer than any text a form takes (the pasted road book: 200,000 characters). */
    static final int MAX_TEXT_LENGTH = 200_000;
    /** The engine's limit for an evidence file or an uploaded road book. */
    static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

    private SubmittedVariables() {
    }

    /**
     * @param form    the form answered, or null when the element has none (then no variable is accepted)
     * @param what    the form's owner as a sentence names it ("la tâche « … »")
     * @param current the variable's value now, for fields the form only shows
     */
    static void check(FormContract form, String what, Map<String, Object> variables,
                      Function<String, TypedValue> current) {
        for (String name : variables.keySet()) {
            FormField field = form == null ? null : form.field(name).orElse(null);
            if (field == null) {
                throw form == null
                        ? new RefusedOperation("gate.variable.not-accepted", capitalized(what), name)
                        : new RefusedOperation("gate.variable.not-accepted-of", capitalized(what), name,
                                String.join(", ", form.writableNames()));
            }
            // Typed: a serialized object sent by a caller must never be deserialized to be looked at.
            Object value = variables instanceof VariableMap map ? map.getValueTyped(name) : variables.get(name);
            if (!field.writable()) {
                if (!unchanged(value, current.apply(name))) {
                    throw new RefusedOperation("gate.variable.read-only", capitalized(what), name);
                }
                continue;
            }
            ValueType type = typeOf(value);
            if (type != ValueType.NULL && !sameType(field.type(), type)) {
                throw new RefusedOperation("gate.variable.wrong-type", name, what, describe(field.type()),
                        describe(type));
            }
            checkSize(name, what, field, value);
        }
        if (form != null) {
            for (FormContract.Requirement requirement : form.requirements()) {
                if (requirement.whenValue().equals(text(requirement.whenField(), variables, current))
                        && text(requirement.field(), variables, current).isBlank()) {
                    throw new RefusedOperation("gate.variable.required", Messages.text(requirement.messageKey()));
                }
            }
        }
    }

    /** The value sent, else the one the release holds, as text ("" when none). */
    private static String text(String name, Map<String, Object> variables, Function<String, TypedValue> current) {
        Object value = variables.containsKey(name)
                ? plain(variables instanceof VariableMap map ? map.getValueTyped(name) : variables.get(name))
                : current.apply(name) == null ? null : current.apply(name).getValue();
        return value == null ? "" : value.toString();
    }

    private static void checkSize(String name, String what, FormField field, Object value) {
        Object plain = plain(value);
        if (plain instanceof String text) {
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new RefusedOperation("gate.variable.too-long", name, what, MAX_TEXT_LENGTH);
            }
            if (field.pattern() != null && !field.pattern().matcher(text).matches()) {
                throw new RefusedOperation("gate.variable.not-matching", text, name, what,
                        Messages.text(field.patternHintKey()));
            }
        }
        if (value instanceof FileValue file && size(file) > MAX_FILE_BYTES) {
            throw new RefusedOperation("gate.variable.file-too-large", file.getFilename(), name,
                    MAX_FILE_BYTES / (1024 * 1024));
        }
    }

    private static boolean unchanged(Object sent, TypedValue now) {
        Object before = now == null ? null : now.getValue();
        Object after = plain(sent);
        return Objects.equals(before, after) || (before == null && "".equals(after));
    }

    private static ValueType typeOf(Object value) {
        if (value instanceof TypedValue typed) {
            if (typed.getType() != null) {
                return typed.getType();
            }
            value = typed.getValue();
        }
        if (value == null) {
            return ValueType.NULL;
        }
        if (value instanceof String) {
            return ValueType.STRING;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ValueType.LONG;
        }
        if (value instanceof Date) {
            return ValueType.DATE;
        }
        return ValueType.OBJECT;
    }

    private static boolean sameType(ValueType declared, ValueType sent) {
        return declared == sent || (isWholeNumber(declared) && isWholeNumber(sent));
    }

    private static boolean isWholeNumber(ValueType type) {
        return type == ValueType.INTEGER || type == ValueType.LONG || type == ValueType.SHORT;
    }

    private static String describe(ValueType type) {
        if (type == ValueType.STRING) {
            return Messages.text("gate.type.text");
        }
        if (type == ValueType.BOOLEAN) {
            return Messages.text("gate.type.boolean");
        }
        if (type == ValueType.DATE) {
            return Messages.text("gate.type.date");
        }
        if (isWholeNumber(type)) {
            return Messages.text("gate.type.number");
        }
        if (type == ValueType.FILE) {
            return Messages.text("gate.type.file");
        }
        return Messages.text("gate.type.other", type.getName());
    }

    private static Object plain(Object value) {
        return value instanceof TypedValue typed && !(value instanceof FileValue) ? typed.getValue() : value;
    }

    private static long size(FileValue file) {
        try (InputStream content = file.getValue()) {
            return content == null ? 0 : content.skip(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
