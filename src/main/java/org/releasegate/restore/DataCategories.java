package org.releasegate.restore;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;

/**
 * Which tables, files and sequences hold what people enter ({@code business}) and which are the ERP's own
 * ({@code metadata}), from the environment's globs: a loss report lists the first in full, first, and shortens the
 * second, which a migration rewrites wholesale.
 */
final class DataCategories {

    enum Category { BUSINESS, OTHER, METADATA }

    private final Predicate<String> business;
    private final Predicate<String> metadata;
    private final boolean configured;

    DataCategories(List<String> business, List<String> metadata) {
        this.business = anyOf(business);
        this.metadata = anyOf(metadata);
        this.configured = !business.isEmpty() || !metadata.isEmpty();
    }

    static DataCategories of(DataStoreSettings settings) {
        return settings == null ? none()
                : new DataCategories(orEmpty(settings.business()), orEmpty(settings.metadata()));
    }

    static DataCategories none() {
        return new DataCategories(List.of(), List.of());
    }

    /** False when the environment names neither: everything is {@link Category#OTHER}. */
    boolean configured() {
        return configured;
    }

    /**
     * @param name  a table's or sequence's {@code schema.name}, or a file's path relative to the data folder
     * @param files true for a file: the globs match the path or the file name; else the qualified or the bare name
     */
    Category of(String name, boolean files) {
        String shortName = files ? name.substring(name.lastIndexOf('/') + 1) : name.substring(name.indexOf('.') + 1);
        if (business.test(name) || business.test(shortName)) {
            return Category.BUSINESS;
        }
        return metadata.test(name) || metadata.test(shortName) ? Category.METADATA : Category.OTHER;
    }

    private static Predicate<String> anyOf(List<String> globs) {
        List<Pattern> patterns = globs.stream().map(DataCategories::regex).toList();
        return name -> patterns.stream().anyMatch(pattern -> pattern.matcher(name).matches());
    }

    private static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.trim().toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // PostgreSQL folds names to lower case, H2 to upper: a glob written either way matches.
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static List<String> orEmpty(List<String> globs) {
        return globs == null ? List.of() : globs.stream().filter(glob -> glob != null && !glob.isBlank()).toList();
    }
}
