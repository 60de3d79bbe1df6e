package org.releasegate.process;

import java.util.ArrayList;
import java.util.List;

/**
 * How a person tells one release from another on every task: its name (the business key given when it starts,
 * « Version 1.1 — 24/11/2026 14:05 »), the version it installs now when a corrected installer changed it, and who
 * started it: « Version 1.1 — 24/11/2026 14:05 (lancée par marie) ». Task names end with it; forms show it first.
 *
 * @param businessKey   the release's name, or null when it has none
 * @param targetVersion the version the release installs now, or null
 * @param starter       who started the release, or null when unknown (started by the application itself)
 */
public record ReleaseLabel(String businessKey, String targetVersion, String starter) {

    /** Between a task's own name and its release's. */
    static final String SEPARATOR = " — ";
    /** What the engine stores of a task name. */
    static final int MAX_TASK_NAME = 255;
    /** The least of a task's own name kept when a release's label is very long. */
    private static final int MIN_OWN_NAME = 40;

    /** The label as people read it. */
    public String text() {
        String name = businessKey != null && !businessKey.isBlank() ? businessKey
                : "Version " + (targetVersion == null ? "?" : targetVersion);
        List<String> details = new ArrayList<>();
        if (targetVersion != null && !names(name, targetVersion)) {
            details.add("version " + targetVersion);
        }
        if (starter != null) {
            details.add("lancée par " + starter);
        }
        return details.isEmpty() ? name : name + " (" + String.join(", ", details) + ")";
    }

    /**
     * A task's own name followed by this label, within the engine's 255 characters: the task's own name is shortened
     * first ("…"), so that the release stays readable.
     */
    public String taskName(String ownName) {
        String own = ownName == null ? "" : ownName;
        String suffix = SEPARATOR + text();
        int room = MAX_TASK_NAME - suffix.length();
        if (room < MIN_OWN_NAME) {
            return shortened(own + suffix, MAX_TASK_NAME);
        }
        return shortened(own, room) + suffix;
    }

    /**
     * A task name without the label of its release, for what is said within that very release (its report, its list
     * of late verifications); a name without the label comes back as it is.
     */
    public static String withoutRelease(String taskName, String businessKey) {
        if (taskName == null) {
            return null;
        }
        String label = SEPARATOR + (businessKey != null && !businessKey.isBlank() ? businessKey : "Version ");
        int at = taskName.lastIndexOf(label);
        return at > 0 ? taskName.substring(0, at) : taskName;
    }

    /** Whether a release's name already says its version ("Version 1.1 — …" says 1.1, not 1.1.1). */
    private static boolean names(String name, String version) {
        String said = "Version " + version;
        return name.equals(said) || name.startsWith(said + " ");
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
