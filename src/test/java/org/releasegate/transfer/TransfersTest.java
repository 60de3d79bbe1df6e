package org.releasegate.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.releasegate.message.Messages;
import org.releasegate.security.AgentAccounts;

/**
 * The engine node's rendezvous between the node that needs an environment's data and the agent that holds it: the
 * order reaches that agent only, its data reaches the reader, and the agent learns whether it arrived whole; an order
 * nobody takes in time fails the reader and is never handed out afterwards.
 */
class TransfersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Transfers transfers = new Transfers(new AgentAccounts(Map.of(
            "agent-production", new AgentAccounts.Agent(Set.of("production"), "x".repeat(12), Duration.ofMinutes(2)),
            "agent-test", new AgentAccounts.Agent(Set.of("test"), "y".repeat(12), Duration.ofMinutes(2)))),
            new TransferProperties(Duration.ofSeconds(3), Duration.ofSeconds(2)));

    @Test
    void theOrderGoesToTheHoldingAgentWhoseDataReachesTheReaderAndWhoLearnsItArrivedWhole() throws Exception {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream data = transfers.open("production")) {
                return data.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(transfers.nextOrder("agent-test", Duration.ofMillis(300))).as("not test's agent").isEmpty();
        Transfer order = transfers.nextOrder("agent-production", WAIT).orElseThrow();
        assertThat(order.environment()).isEqualTo("production");
        assertThat(transfers.of(order.id(), "agent-test")).as("another agent cannot send it").isEmpty();
        assertThat(transfers.of(order.id(), "agent-production")).contains(order);
        assertThat(order.attach(new ByteArrayInputStream("données".getBytes()))).isTrue();

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("données".getBytes());
        assertThat(order.awaitOutcome()).as("read to its end: whole").isEmpty();
        assertThat(transfers.of(order.id(), "agent-production")).as("finished transfers are forgotten").isEmpty();
    }

    @Test
    void aReaderThatReadsAgainAfterTheEndGetsTheEndWithoutTouchingTheAgentsAnsweredRequest() throws Exception {
        CompletableFuture<int[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream data = transfers.open("production")) {
                data.readAllBytes();
                return new int[] {data.read(), data.read(new byte[8], 0, 8)};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Transfer order = transfers.nextOrder("agent-production", WAIT).orElseThrow();
        order.attach(new ByteArrayInputStream("fin".getBytes()) {
            private boolean ended;

            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                if (ended) {
                    throw new IllegalStateException("the request's body, recycled once answered");
                }
                int got = super.read(buffer, offset, length);
                ended = got < 0;
                return got;
            }

            @Override
            public synchronized int read() {
                return read(new byte[1], 0, 1);
            }
        });

        assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly(-1, -1);
        assertThat(order.awaitOutcome()).isEmpty();
    }

    @Test
    void aReaderThatStopsBeforeTheEndTellsTheAgentTheDataDidNotArrive() throws Exception {
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (InputStream data = transfers.open("production")) {
                data.read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Transfer order = transfers.nextOrder("agent-production", WAIT).orElseThrow();
        order.attach(new ByteArrayInputStream(new byte[1000]));
        read.get(10, TimeUnit.SECONDS);

        assertThat(order.awaitOutcome()).contains("stopped before the end");
    }

    @Test
    void anOrderNotTakenInTimeFailsTheReaderAndIsNeverHandedOutAfterwards() throws Exception {
        assertThatThrownBy(() -> transfers.open("production")).as("what Cockpit shows: French")
                .hasMessage(Messages.text("transfer.not-picked-up", "agent-production", "production", 2));

        Optional<Transfer> late = transfers.nextOrder("agent-production", Duration.ofMillis(300));
        assertThat(late).as("the abandoned order").isEmpty();
    }
}
