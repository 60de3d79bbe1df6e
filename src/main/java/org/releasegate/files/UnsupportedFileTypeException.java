package org.releasegate.files;

import org.releasegate.RejectedInputException;

/**
 * A tree holds something other than regular files and directories (symbolic link, fifo, device). Links are
 * refused rather than followed so that a copy or an archive never reaches outside the folder it was given.
 */
public class UnsupportedFileTypeException extends RejectedInputException {

    public UnsupportedFileTypeException(String message) {
        super(message);
    }
}
