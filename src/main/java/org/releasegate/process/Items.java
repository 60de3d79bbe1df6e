package org.releasegate.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.Variables.SerializationDataFormats;
import org.camunda.bpm.engine.variable.value.ObjectValue;

/**
 * The items of a multi-instance collection, stored as a JSON list of maps: the engine needs no Java serialization nor
 * any class of ours to read them back, and each item's fields are readable in the model and in Cockpit.
 */
final class Items {

    private Items() {
    }

    static ObjectValue list(List<Map<String, Object>> items) {
        return Variables.objectValue(new ArrayList<>(items))
                .serializationDataFormat(SerializationDataFormats.JSON)
                .create();
    }

    static String text(Map<?, ?> item, String key) {
        String value = textOrNull(item, key);
        return value == null ? "" : value;
    }

    static String textOrNull(Map<?, ?> item, String key) {
        Object value = item.get(key);
        return value == null ? null : value.toString();
    }
}
