package org.releasegate.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;

import org.releasegate.AgentComponents;
import org.releasegate.data.RemoteData;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On the engine node, an environment's data held by its agent: asked of it (its data, a snapshot, a fingerprint), and
 * read as it sends it.
 */
@Component
@Profile("!" + AgentComponents.PROFILE)
class EngineRemoteData implements RemoteData {

    private final Transfers transfers;

    EngineRemoteData(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public InputStream open(String environment) throws IOException {
        return ask(environment, Operation.DATA, null);
    }

    @Override
    public Optional<String> agentOf(String environment) {
        return transfers.agentOf(environment);
    }

    @Override
    public InputStream ask(String environment, Operation operation, String argument) throws IOException {
        try {
            return transfers.open(environment, operation, argument);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + environment + "'s data");
        }
    }
}
