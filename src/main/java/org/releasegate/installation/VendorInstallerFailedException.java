package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/**
 * The vendor's installer exited with a non-zero code or outlived its timeout. A person reads its log's last lines
 * (in the message) and decides: run it again, ask the vendor for a corrected installer, or abandon.
 */
public class VendorInstallerFailedException extends RejectedInputException {

    public VendorInstallerFailedException(String message) {
        super(message);
    }
}
