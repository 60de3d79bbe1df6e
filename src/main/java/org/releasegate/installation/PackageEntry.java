package org.releasegate.installation;

import java.nio.file.attribute.FileTime;

/**
 * One entry of a package, whichever its archive format.
 *
 * @param name         the name as stored in the archive, not yet checked
 * @param type         what the entry would create
 * @param mode         unix permission bits, 0 when the archive does not record them
 * @param lastModified may be null
 */
record PackageEntry(String name, Type type, int mode, FileTime lastModified) {

    enum Type { FILE, DIRECTORY, LINK, SPECIAL }

    boolean ownerExecutable() {
        return (mode & 0100) != 0;
    }
}
