package org.releasegate.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one form of the model (a user task, or the start event) lets a person send: the engine refuses any other
 * variable, or a variable of another type, when the task is completed or the release started.
 */
public record FormContract(String elementId, Map<String, FormField> fields) {

    static FormContract of(String elementId, FormField... fields) {
        Map<String, FormField> byName = new LinkedHashMap<>();
        for (FormField field : fields) {
            if (byName.put(field.name(), field) != null) {
                throw new IllegalArgumentException("Field " + field.name() + " declared twice for " + elementId);
            }
        }
        return new FormContract(elementId, Map.copyOf(byName));
    }

    public Optional<FormField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The names a person may write, in a stable order for messages. */
    public List<String> writableNames() {
        return fields.values().stream().filter(FormField::writable).map(FormField::name).sorted().toList();
    }
}
