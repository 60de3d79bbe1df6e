package org.releasegate.archive;

import java.util.Optional;

/**
 * The only member names an archive may hold: relative, '/'-separated, no empty, "." or ".." segment, no backslash or
 * NUL. Checked on manifests and on tar entries before anything is resolved against the disk.
 */
final class MemberNames {

    private MemberNames() {
    }

    /** Why {@code name} is not an acceptable member name, or empty when it is. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("has an empty name");
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("'" + name + "' contains a backslash or NUL character");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return Optional.of("'" + name + "' has an absolute path");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("'" + name + "' contains '..'");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("'" + name + "' contains an empty or '.' segment");
            }
        }
        return Optional.empty();
    }
}
