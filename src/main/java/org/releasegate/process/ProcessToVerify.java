package org.releasegate.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of {@code strategicProcesses}: a strategic business process a key user verifies, its steps numbered
 * one per line. Stored as a JSON map, like {@link ChangeToVerify}.
 */
public record ProcessToVerify(String id, String name, String steps) {

    /** An element of the list as the engine gives it back (a map). */
    public static ProcessToVerify of(Object element) {
        Map<?, ?> item = (Map<?, ?>) element;
        return new ProcessToVerify(Items.text(item, "id"), Items.text(item, "name"), Items.text(item, "steps"));
    }

    Map<String, Object> toItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("name", name);
        item.put("steps", steps);
        return item;
    }
}
