package org.releasegate.installation;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${name}} placeholders of a vendor installer's settings, replaced at each install. Only the names
 * below exist: an unknown one is a configuration error, never passed on as literal text.
 */
final class Placeholders {

    static final String PACKAGE = "package";
    static final String INSTALL_ROOT = "installRoot";
    static final String VERSION = "version";
    static final String TASK_ID = "taskId";
    static final String DATA_DIR = "dataDir";

    /** What the installer command may use. */
    static final Set<String> OF_INSTALL = Set.of(PACKAGE, INSTALL_ROOT, VERSION, TASK_ID, DATA_DIR);
    /** What the version check and the working directory may use: they also serve outside an install. */
    static final Set<String> OF_INSTALL_ROOT = Set.of(INSTALL_ROOT);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> values;

    private Placeholders(Map<String, String> values) {
        this.values = values;
    }

    static Placeholders of(Map<String, String> values) {
        return new Placeholders(new LinkedHashMap<>(values));
    }

    /** The placeholders used in {@code texts} that are not in {@code allowed}, sorted, as written. */
    static Set<String> unknown(Collection<String> texts, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        for (String text : texts) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                if (!allowed.contains(matcher.group(1))) {
                    unknown.add(matcher.group());
                }
            }
        }
        return unknown;
    }

    static boolean containsAny(String text) {
        return PLACEHOLDER.matcher(text).find();
    }

    /**
     * @throws IllegalStateException for a placeholder without a value here (unknown, or {@code ${dataDir}} on an
     *                               environment without a data folder)
     */
    String substitute(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(matcher.group() + " has no value here; placeholders with a value: "
                        + new TreeSet<>(values.keySet()));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(result).toString();
    }
}
