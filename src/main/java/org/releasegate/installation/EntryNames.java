package org.releasegate.installation;

import java.util.StringJoiner;

/** Checks entry names before anything is resolved against the disk. */
final class EntryNames {

    private EntryNames() {
    }

    /**
     * The entry's path relative to the package root, {@code '/'}-separated, without {@code "."} segments;
     * empty for the root itself ({@code "./"}).
     *
     * @throws UnsafePackageException for absolute names, {@code ".."} segments, backslashes or NUL characters
     */
    static String relative(String name) {
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new UnsafePackageException("entry '" + name + "' contains a backslash or NUL character");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafePackageException("entry '" + name + "' has an absolute path");
        }
        StringJoiner relative = new StringJoiner("/");
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                // Refused even when it would stay inside: no honest package needs it.
                throw new UnsafePackageException("entry '" + name + "' contains '..'");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                relative.add(segment);
            }
        }
        return relative.toString();
    }

    /** Only files and folders: links could point anywhere and special files are never part of an install. */
    static void requirePlain(PackageEntry entry) {
        switch (entry.type()) {
            case LINK -> throw new UnsafePackageException("entry '" + entry.name() + "' is a link; links are refused");
            case SPECIAL -> throw new UnsafePackageException(
                    "entry '" + entry.name() + "' is a device, fifo or other special file");
            default -> {
            }
        }
    }
}
