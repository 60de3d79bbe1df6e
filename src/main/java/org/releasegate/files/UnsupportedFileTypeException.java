package org.releasegate.files;

import java.nio.file.Path;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

/**
 * A tree holds something other than regular files and directories (symbolic link, fifo, device). Links are
 * refused rather than followed so that a copy or an archive never reaches outside the folder it was given.
 * The person who decides reads the entry's name; its path on the server goes to the log only.
 */
public class UnsupportedFileTypeException extends RejectedInputException {

    private UnsupportedFileTypeException(String key, Path path) {
        super(Messages.text(key, nameOf(path)), "refused: " + path, null);
    }

    public static UnsupportedFileTypeException symbolicLink(Path path) {
        return new UnsupportedFileTypeException("files.symbolic-link", path);
    }

    /** A fifo, a device or a socket. */
    public static UnsupportedFileTypeException specialFile(Path path) {
        return new UnsupportedFileTypeException("files.special-file", path);
    }

    /** Something given as a file that is none (a folder, a special file). */
    public static UnsupportedFileTypeException notARegularFile(Path path) {
        return new UnsupportedFileTypeException("files.not-a-regular-file", path);
    }

    private static String nameOf(Path path) {
        Path name = path.getFileName();
        return name == null ? "/" : name.toString();
    }
}
