package org.releasegate.process;

import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.variable.type.ValueType;

/**
 * One field of a form of the model: the variable it binds, its type, and whether a person may write it or the
 * form only shows it.
 *
 * @param pattern     what a written text must match, or null
 * @param patternHintKey the pattern in words, for the person whose text does not match: its key in the message bundle
 * @param startsEmpty a decision: emptied each time its task is created, so that no earlier answer is offered again
 */
public record FormField(String name, ValueType type, boolean writable, Pattern pattern, String patternHintKey,
                        boolean startsEmpty) {

    private static final Map<Class<?>, ValueType> TYPES = Map.of(
            String.class, ValueType.STRING,
            Boolean.class, ValueType.BOOLEAN,
            Integer.class, ValueType.INTEGER,
            Date.class, ValueType.DATE);

    /** A field the person fills in. */
    public static FormField writes(ProcessVariable<?> variable) {
        return new FormField(variable.name(), TYPES.get(variable.type()), true, null, null, false);
    }

    /** A decision the person makes afresh each time: the field starts empty, whatever an earlier task answered. */
    public static FormField decides(ProcessVariable<?> variable) {
        return new FormField(variable.name(), TYPES.get(variable.type()), true, null, null, true);
    }

    /** A field shown read-only: sending it back is accepted only unchanged. */
    public static FormField shows(ProcessVariable<?> variable) {
        return new FormField(variable.name(), TYPES.get(variable.type()), false, null, null, false);
    }

    /** A file the person uploads. */
    public static FormField file(String name) {
        return new FormField(name, ValueType.FILE, true, null, null, false);
    }

    public FormField matching(String regex, String hintKey) {
        return new FormField(name, type, writable, Pattern.compile(regex), hintKey, startsEmpty);
    }
}
