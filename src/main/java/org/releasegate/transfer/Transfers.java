package org.releasegate.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.releasegate.AgentComponents;
import org.releasegate.RejectedInputException;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.data.TransferCorruptedException;
import org.releasegate.files.FileTrees;
import org.releasegate.security.AgentAccounts;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The transfers the engine node waits for: an order per agent, taken by its next poll, then the data it sends. An
 * order nobody took in time, or whose reader gave up, is dropped; every transfer is finished by its reader.
 */
@Component
@Profile("!" + AgentComponents.PROFILE)
class Transfers {

    private final AgentAccounts agents;
    private final TransferProperties settings;
    private final Map<String, BlockingQueue<Transfer>> orders = new ConcurrentHashMap<>();
    private final Map<String, Transfer> open = new ConcurrentHashMap<>();

    Transfers(AgentAccounts agents, TransferProperties settings) {
        this.agents = agents;
        this.settings = settings;
    }

    /** The agent that holds {@code environment}'s data, if one does; else the engine node holds it. */
    Optional<String> agentOf(String environment) {
        return agents.of(environment).map(Map.Entry::getKey);
    }

    /**
     * Asks the agent of {@code environment} for its data and returns it as it arrives, within the pickup timeout. The
     * transfer ends well when the reader reaches the stream's end (a {@code FolderStream} is read to its end only once
     * verified), badly when it closes the stream before; the agent is told which.
     */
    InputStream open(String environment) throws IOException, InterruptedException {
        return open(environment, Operation.DATA, null);
    }

    /**
     * Asks the agent of {@code environment} to run {@code operation} on its data and returns the answer as it arrives,
     * as {@link #open(String)} does.
     *
     * @param argument what the operation needs (JSON), or null
     */
    InputStream open(String environment, Operation operation, String argument) throws IOException,
            InterruptedException {
        String agent = agentOf(environment).orElseThrow(() -> new IllegalStateException("no agent holds "
                + environment + "'s data"));
        Transfer transfer = new Transfer(FileTrees.randomSuffix() + FileTrees.randomSuffix(), agent, environment,
                operation, argument);
        open.put(transfer.id(), transfer);
        BlockingQueue<Transfer> queue = orders.computeIfAbsent(agent, any -> new LinkedBlockingQueue<>());
        queue.add(transfer);
        try {
            return new Finishing(transfer.await(settings.pickupTimeout()), () -> {
                open.remove(transfer.id());
                queue.remove(transfer);
            }, transfer);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // Also refuses a body the agent would send later: it is never left waiting for a reader.
            transfer.finish("abandoned: " + e.getMessage());
            open.remove(transfer.id());
            queue.remove(transfer);
            throw e;
        }
    }

    /** The next order for {@code agent}, waiting at most {@code wait}. */
    Optional<Transfer> nextOrder(String agent, Duration wait) throws InterruptedException {
        BlockingQueue<Transfer> queue = orders.computeIfAbsent(agent, any -> new LinkedBlockingQueue<>());
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Transfer order = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (order == null) {
                return Optional.empty();
            }
            if (!order.abandoned()) {
                return Optional.of(order);
            }
        }
    }

    /** An open transfer of {@code agent}'s; empty for another's, or one nobody waits for any more. */
    Optional<Transfer> of(String id, String agent) {
        return Optional.ofNullable(open.get(id)).filter(transfer -> transfer.agent().equals(agent));
    }

    /** What only the log gets of a transfer's failure, as " [detail]", or nothing. */
    static String detail(Exception failure) {
        Optional<String> detail = failure instanceof TransferCorruptedException corrupted ? corrupted.detail()
                : failure instanceof RejectedInputException rejected ? rejected.detail() : Optional.empty();
        return detail.map(text -> " [" + text + "]").orElse("");
    }

    /** The agent's data; its end, or its close before the end, finishes the transfer. */
    private static final class Finishing extends FilterInputStream {

        private final Runnable forget;
        private final Transfer transfer;
        private boolean finished;

        Finishing(InputStream data, Runnable forget, Transfer transfer) {
            super(data);
            this.forget = forget;
            this.transfer = transfer;
        }

        /** Once finished, the end again: the agent's request is answered, and Tomcat recycles its body. */
        @Override
        public int read() throws IOException {
            return finished ? -1 : atEnd(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return finished ? -1 : atEnd(super.read(buffer, offset, length));
        }

        /** The reader may take long after the last byte (scripts on the staged copy): the agent need not wait. */
        private int atEnd(int read) {
            if (read < 0) {
                finish(null);
            }
            return read;
        }

        @Override
        public void close() {
            finish("the reader stopped before the end of the data (see the engine node's log)");
        }

        private void finish(String failure) {
            if (!finished) {
                finished = true;
                forget.run();
                transfer.finish(failure);
            }
        }
    }
}
