package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Path;

import org.releasegate.inbox.Inbox;

/**
 * Where an install gets its private copy of the release's package: the inbox on the engine node; on an agent, the
 * engine node's inbox too, streamed to the agent's server and checked there ({@code transfer} package), so that one
 * inbox feeds every server and each installs the bytes it was given.
 */
public interface PackageSource {

    /**
     * Copies the package named {@code fileName} to {@code privateFolder/<same name>} (emptied, created readable by this
     * user only), hashing it as it is written: the copy is what the install uses.
     */
    Inbox.PrivateCopy copy(String fileName, Path privateFolder) throws IOException;
}
