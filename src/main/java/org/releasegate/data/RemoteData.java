package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * An environment's data held by another node (its agent's server), reached through the engine node: implemented by
 * the {@code transfer} package, which knows the nodes and how they authenticate.
 */
public interface RemoteData {

    /**
     * A stream of {@code environment}'s data ({@link FolderStream}), sent now by the node that holds it. Closing it
     * before its end abandons the transfer.
     *
     * @throws IOException when that node does not send it (down, cut off, refused)
     */
    InputStream open(String environment) throws IOException;

    /**
     * The agent through which this node reaches {@code environment}'s data, when one does (the engine node, for an
     * environment an agent is declared for); empty on an agent, and for an environment no agent serves.
     */
    default Optional<String> agentOf(String environment) {
        return Optional.empty();
    }

    /**
     * On an agent: whether the engine node reaches {@code environment}'s data through this agent (its own settings
     * declare none): then it cannot have the data's server clone it in the window. Asked of the engine node.
     *
     * @throws IOException when the engine node does not answer
     */
    default boolean reachedThroughThisNode(String environment) throws IOException {
        return false;
    }

    /**
     * Asks the agent of {@code environment} to run {@code operation} on its store and returns its answer as it
     * arrives (the format is {@link AgentStore}'s). Reading the answer to its end completes the transfer; closing it
     * before abandons it.
     *
     * @param argument what the operation needs (JSON), or null
     * @throws IOException when the agent does not answer (down, cut off, refused)
     */
    default InputStream ask(String environment, Operation operation, String argument) throws IOException {
        throw new UnsupportedOperationException("only the engine node asks agents for their data");
    }

    /** What the engine node may ask of an agent; the name travels in the order. */
    enum Operation {
        /** The data as a {@link FolderStream}, for the copy to test. */
        DATA("data"),
        /** A snapshot exported by the store, as a {@link FolderStream}, for an archive. */
        SNAPSHOT("snapshot"),
        /** The store's fingerprint (JSON), computed as the reference in the argument was, if one is given. */
        FINGERPRINT("fingerprint"),
        /** The row digests of the tables the argument lists ({@link RowDigests}), as a {@link FolderStream}. */
        ROWS("rows"),
        /** The version installed in the environment (JSON), read by the agent's install method, not its store. */
        INSTALLED_VERSION("installed-version");

        private final String wireName;

        Operation(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The operation an order names; empty for an unknown one. */
        public static Optional<Operation> named(String name) {
            for (Operation operation : values()) {
                if (operation.wireName.equals(name)) {
                    return Optional.of(operation);
                }
            }
            return Optional.empty();
        }
    }
}
