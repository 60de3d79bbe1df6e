package org.releasegate.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.releasegate.data.RemoteData.Operation;
import org.releasegate.message.Messages;

/**
 * One operation on an environment's data asked of the agent that holds it, on the engine node (its data for the copy
 * to test, a snapshot, a fingerprint: {@link Operation}): the agent takes the order, then sends the answer in a request whose body is handed to whoever asked ({@link #await}); that request is answered once the
 * reader is done ({@link #finish}), so the agent learns whether the data arrived whole. Nothing is stored on the way.
 */
final class Transfer {

    private final String id;
    private final String agent;
    private final String environment;
    private final Operation operation;
    private final String argument;
    private final CompletableFuture<InputStream> body = new CompletableFuture<>();
    private final CompletableFuture<String> outcome = new CompletableFuture<>();

    Transfer(String id, String agent, String environment) {
        this(id, agent, environment, Operation.DATA, null);
    }

    /** @param argument what the operation needs (JSON), or null */
    Transfer(String id, String agent, String environment, Operation operation, String argument) {
        this.id = id;
        this.agent = agent;
        this.environment = environment;
        this.operation = operation;
        this.argument = argument;
    }

    Operation operation() {
        return operation;
    }

    String argument() {
        return argument;
    }

    String id() {
        return id;
    }

    String agent() {
        return agent;
    }

    String environment() {
        return environment;
    }

    /** Whether nobody waits for it any more (given up, or done). */
    boolean abandoned() {
        return body.isDone() || outcome.isDone();
    }

    /** The reader's side: the data, once the agent sends it, within {@code pickup}. */
    InputStream await(Duration pickup) throws IOException, InterruptedException {
        try {
            return body.get(pickup.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            finish("not sent in time");
            throw new IOException(Messages.text("transfer.not-picked-up", agent, environment, pickup.toSeconds()));
        } catch (ExecutionException e) {
            throw new IOException(Messages.text("transfer.abandoned", environment));
        }
    }

    /** The reader's side, always at the end: null when the data arrived whole, else why not. */
    void finish(String failure) {
        body.completeExceptionally(new IOException(failure == null ? "finished" : failure));
        outcome.complete(failure == null ? "" : failure);
    }

    /** The agent's side: hands the body over; false when nobody waits for it any more. */
    boolean attach(InputStream data) {
        return body.complete(data);
    }

    /** The agent's side: waits until the reader is done with the body; empty when it arrived whole. */
    String awaitOutcome() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }
}
