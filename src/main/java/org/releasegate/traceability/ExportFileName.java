package org.releasegate.traceability;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The file name of an export: {@code tracabilite-<business key or id>.<extension>}, the name reduced to letters
 * without accents, digits, dots, dashes and underscores, so that every system and every mail client keeps it (and a
 * key like « ../../x » or « Version 1.1 — 04/12 » names no folder).
 */
public final class ExportFileName {

    private static final int MAX_NAME = 80;

    private ExportFileName() {
    }

    public static String of(TraceabilityMatrix matrix, String extension) {
        String name = Normalizer.normalize(matrix.title(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.{2,}", ".").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME).replaceAll("[-.]+$", "");
        }
        if (name.isEmpty()) {
            name = matrix.releaseId().replaceAll("[^A-Za-z0-9-]", "");
        }
        return "tracabilite-" + name.toLowerCase(Locale.ROOT) + "." + extension;
    }
}
