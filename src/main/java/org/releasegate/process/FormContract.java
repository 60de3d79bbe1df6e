package org.releasegate.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one form of the model (a user task, or the start event) lets a person send: the engine refuses any other
 * variable, or a variable of another type, when the task is completed or the release started.
 */
public record FormContract(String elementId, Map<String, FormField> fields, List<Requirement> requirements) {

    /**
     * A field the form requires only for some answer ("the finding, when production is not conforming"), which a
     * form cannot enforce: the engine refuses the completion when {@code whenField} is {@code whenValue} and
     * {@code field} is blank.
     *
     * @param messageKey what the person reads: its key in the message bundle
     */
    public record Requirement(String field, String whenField, String whenValue, String messageKey) {
    }

    static FormContract of(String elementId, FormField... fields) {
        Map<String, FormField> byName = new LinkedHashMap<>();
        for (FormField field : fields) {
            if (byName.put(field.name(), field) != null) {
                throw new IllegalArgumentException("Field " + field.name() + " declared twice for " + elementId);
            }
        }
        return new FormContract(elementId, Map.copyOf(byName), List.of());
    }

    /** This form, with {@code field} required when {@code whenField} is {@code whenValue}. */
    FormContract requiring(ProcessVariable<?> field, ProcessVariable<String> whenField, String whenValue,
                           String messageKey) {
        if (!fields.containsKey(field.name()) || !fields.containsKey(whenField.name())) {
            throw new IllegalArgumentException("A requirement of " + elementId
                    + " names a field its form does not declare");
        }
        List<Requirement> all = new ArrayList<>(requirements);
        all.add(new Requirement(field.name(), whenField.name(), whenValue, messageKey));
        return new FormContract(elementId, fields, List.copyOf(all));
    }

    public Optional<FormField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The decisions the form asks afresh each time its task is created. */
    public List<String> startingEmpty() {
        return fields.values().stream().filter(FormField::startsEmpty).map(FormField::name).sorted().toList();
    }

    /** The names a person may write, in a stable order for messages. */
    public List<String> writableNames() {
        return fields.values().stream().filter(FormField::writable).map(FormField::name).sorted().toList();
    }
}
