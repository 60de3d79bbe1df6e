package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * An environment's data held by another node (its agent's server), reached as a {@link FolderStream} through the
 * engine node: implemented by the {@code transfer} package, which knows the nodes and how they authenticate.
 */
public interface RemoteData {

    /**
     * A stream of {@code environment}'s data, sent now by the node that holds it. Closing it before its end abandons
     * the transfer.
     *
     * @throws IOException when that node does not send it (down, cut off, refused)
     */
    InputStream open(String environment) throws IOException;
}
