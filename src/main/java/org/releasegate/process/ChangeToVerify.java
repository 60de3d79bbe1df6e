package org.releasegate.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of {@code roadBookChanges}: a change of the road book, or an open workaround to re-check, that a tester
 * verifies. Stored as a JSON map so the model reads its fields ({@code ${change.title}}) and Cockpit shows them.
 *
 * @param workaroundId the workaround this item re-checks, or null for a road-book change
 */
public record ChangeToVerify(String id, String version, String module, String title, String workaroundId) {

    public static ChangeToVerify change(String id, String version, String module, String title) {
        return new ChangeToVerify(id, version, module, title, null);
    }

    /** An element of the list as the engine gives it back (a map). */
    public static ChangeToVerify of(Object element) {
        Map<?, ?> item = (Map<?, ?>) element;
        return new ChangeToVerify(Items.text(item, "id"), Items.text(item, "version"), Items.text(item, "module"),
                Items.text(item, "title"), Items.textOrNull(item, "workaround"));
    }

    Map<String, Object> toItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("version", version);
        item.put("module", module);
        item.put("title", title);
        if (workaroundId != null) {
            item.put("workaround", workaroundId);
        }
        return item;
    }
}
