package org.releasegate.installation;

import org.releasegate.RejectedInputException;

/**
 * The vendor's installer exited with a non-zero code or outlived its timeout. A person reads its log's last lines
 * (in the message) and decides: run it again, ask the vendor for a corrected installer, restore, or abandon. The
 * installer may have changed the environment before failing: production is then not restarted as if untouched.
 */
public class VendorInstallerFailedException extends RejectedInputException {

    public VendorInstallerFailedException(String message) {
        super(message);
    }

    /** @param detail for the server's log only (paths, commands, settings) */
    public VendorInstallerFailedException(String message, String detail) {
        super(message, detail, null);
    }

    @Override
    public boolean mayHaveAlteredTarget() {
        return true;
    }
}
