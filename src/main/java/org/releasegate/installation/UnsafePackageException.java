package org.releasegate.installation;

/**
 * An entry of the package would write outside the extraction folder, is not a plain file or folder (link,
 * device, fifo), or the package expands beyond the size limit.
 */
public class UnsafePackageException extends PackageRejectedException {

    public UnsafePackageException(String message) {
        super(message);
    }
}
