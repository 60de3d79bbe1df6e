package org.releasegate.installation;

import java.util.StringJoiner;

import org.releasegate.message.Messages;

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
            throw new UnsafePackageException(Messages.text("installation.entry.backslash-or-nul", name.replace('\0', '?')));
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafePackageException(Messages.text("installation.entry.absolute", name));
        }
        StringJoiner relative = new StringJoiner("/");
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                // Refused even when it would stay inside: no honest package needs it.
                throw new UnsafePackageException(Messages.text("installation.entry.parent", name));
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
            case LINK -> throw new UnsafePackageException(Messages.text("installation.entry.link", entry.name()));
            case SPECIAL -> throw new UnsafePackageException(Messages.text("installation.entry.special", entry.name()));
            default -> {
            }
        }
    }
}
