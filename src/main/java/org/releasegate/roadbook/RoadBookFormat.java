package org.releasegate.roadbook;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats a road book may be written in, recognised by the file name's extension. */
enum RoadBookFormat {
    MARKDOWN("md", "markdown"),
    YAML("yaml", "yml"),
    JSON("json"),
    CSV("csv");

    private final List<String> extensions;

    RoadBookFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    static Optional<RoadBookFormat> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.extensions.contains(extension)).findFirst();
    }

    static String supportedExtensions() {
        return Arrays.stream(values()).flatMap(format -> format.extensions.stream()).map(extension -> "." + extension)
                .collect(Collectors.joining(", "));
    }
}
