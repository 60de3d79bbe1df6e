package org.releasegate.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.releasegate.process.FormContract;
import org.releasegate.process.FormField;

/**
 * Checks the variables a person sends against the form they answer: only the fields the form declares, each of its
 * type, texts of a sane length, files of a sane size, and the fields the form only shows sent back unchanged. Any
 * refusal names the variable and happens before anything is written.
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
                throw refusal(capitalized(what) + " n'accepte pas la variable « " + name + " »"
                        + (form == null ? "" : " (variables acceptées : " + String.join(", ", form.writableNames()) + ")")
                        + ". Rien n'a été enregistré.");
            }
            // Typed: a serialized object sent by a caller must never be deserialized to be looked at.
            Object value = variables instanceof VariableMap map ? map.getValueTyped(name) : variables.get(name);
            if (!field.writable()) {
                if (!unchanged(value, current.apply(name))) {
                    throw refusal(capitalized(what) + " affiche « " + name + " » sans permettre de le modifier. "
                            + "Rien n'a été enregistré.");
                }
                continue;
            }
            ValueType type = typeOf(value);
            if (type != ValueType.NULL && !sameType(field.type(), type)) {
                throw refusal("« " + name + " » (" + what + ") doit être " + describe(field.type()) + ", pas "
                        + describe(type) + ". Rien n'a été enregistré.");
            }
            checkSize(name, what, field, value);
        }
        if (form != null) {
            for (FormContract.Requirement requirement : form.requirements()) {
                if (requirement.whenValue().equals(text(requirement.whenField(), variables, current))
                        && text(requirement.field(), variables, current).isBlank()) {
                    throw refusal(requirement.message() + " Rien n'a été enregistré.");
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
                throw refusal("« " + name + " » (" + what + ") dépasse " + MAX_TEXT_LENGTH + " caractères.");
            }
            if (field.pattern() != null && !field.pattern().matcher(text).matches()) {
                throw refusal("« " + text + " » n'est pas une valeur acceptée pour « " + name + " » (" + what
                        + ") : " + field.patternHint() + ".");
            }
        }
        if (value instanceof FileValue file && size(file) > MAX_FILE_BYTES) {
            throw refusal("Le fichier « " + file.getFilename() + " » (" + name + ") dépasse "
                    + MAX_FILE_BYTES / (1024 * 1024) + " Mo : joignez un fichier plus petit ou un extrait.");
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
            return "du texte";
        }
        if (type == ValueType.BOOLEAN) {
            return "oui ou non";
        }
        if (type == ValueType.DATE) {
            return "une date";
        }
        if (isWholeNumber(type)) {
            return "un nombre entier";
        }
        if (type == ValueType.FILE) {
            return "un fichier";
        }
        return "un objet (" + type.getName() + ")";
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

    /** A refusal, as any write the caller is not allowed to make (REST: 403 with the message, on every endpoint). */
    private static AuthorizationException refusal(String message) {
        return new AuthorizationException(message);
    }
}
