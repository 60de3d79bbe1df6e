package org.releasegate.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.AgentComponents;
import org.releasegate.data.DataStores;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.installation.InstallMethods;
import org.releasegate.worker.StepPlacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On an agent, sends its environments' data when the engine node asks for it (a copy to test on another machine, a
 * snapshot for an archive, a fingerprint), and the version each runs: a long poll on {@code /transfer/orders}, then the answer in the body of
 * {@code POST /transfer/{id}} (a {@code FolderStream} for data and snapshots, each file hashed as it is read); an order
 * for an environment this agent does not serve, or an operation it does not know, is refused; the engine node answers once the data arrived whole or
 * was refused. An order is sent once: if the transfer fails, the step that needed it asks again.
 */
@Component
@Profile(AgentComponents.PROFILE)
class TransferSender {

    private static final Logger LOG = LoggerFactory.getLogger(TransferSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP chunks as large as the hops' buffers: fewer, larger writes on each socket. */
    private static final int CHUNK = 1 << 20;

    private final EngineLink engine;
    private final DataStores dataStores;
    private final InstallMethods installMethods;
    private final TransferProperties settings;
    private final StepPlacement placement;
    private volatile boolean running;
    private Thread poller;

    TransferSender(EngineLink engine, DataStores dataStores, InstallMethods installMethods, TransferProperties settings,
                   StepPlacement placement) {
        this.placement = placement;
        this.engine = engine;
        this.dataStores = dataStores;
        this.installMethods = installMethods;
        this.settings = settings;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        running = true;
        poller = new Thread(this::poll, "transfer-orders");
        poller.setDaemon(true);
        poller.start();
    }

    @EventListener
    void stop(ContextClosedEvent closed) {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
    }

    private void poll() {
        long backoff = 500;
        while (running) {
            try {
                takeOrder();
                backoff = 500;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not ask Release Gate ({}) for data to send: {}; again in {} ms", engine.base(),
                        e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                // Short: a copy waits for this agent's next poll once the link is back.
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void takeOrder() throws IOException {
        Duration wait = TransferController.ORDER_POLL.plus(settings.idleTimeout());
        HttpURLConnection connection = engine.open("GET", "orders", wait);
        try (Watchdog.Watch watch = Watchdog.watch(wait, wait, connection::disconnect)) {
            int status = connection.getResponseCode();
            if (status == 204) {
                return;
            }
            if (status != 200) {
                throw new IOException(EngineLink.refusal(connection));
            }
            JsonNode order;
            try (InputStream body = connection.getInputStream()) {
                order = JSON.readTree(body);
            }
            String id = order.path("id").asText();
            String environment = order.path("environment").asText();
            Optional<Operation> operation = Operation.named(order.path("operation").asText(Operation.DATA.wireName()));
            String argument = order.hasNonNull("argument") ? order.path("argument").asText() : null;
            if (operation.isEmpty() || !placement.environments().contains(environment)) {
                // The engine node sends only its orders for this agent's environments: a newer one's, or a forgery.
                LOG.warn("Order {} refused: {} of environment '{}', not one this agent serves or knows", id,
                        order.path("operation").asText(), environment);
                return;
            }
            Thread sender = new Thread(() -> send(id, environment, operation.get(), argument), "transfer-"
                    + environment);
            sender.setDaemon(true);
            sender.start();
        } finally {
            connection.disconnect();
        }
    }

    private void send(String id, String environment, Operation operation, String argument) {
        LOG.info("Release Gate asks for {}'s data (transfer {}, {}): sending", environment, id, operation.wireName());
        HttpURLConnection connection = null;
        Watchdog.Watch watch = null;
        try {
            connection = engine.open("POST", id, settings.idleTimeout());
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(CHUNK);
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            watch = Watchdog.watch(settings.idleTimeout(), settings.idleTimeout(), connection::disconnect);
            String sent;
            try (OutputStream out = new Moving(connection.getOutputStream(), watch)) {
                sent = operation == Operation.INSTALLED_VERSION ? installMethods.answerInstalledVersion(environment, out)
                        : dataStores.answer(environment, operation, argument, out);
            }
            int status = connection.getResponseCode();
            if (status == 204) {
                LOG.info("{}'s data sent and received whole (transfer {}, {}): {}", environment, id,
                        operation.wireName(), sent);
            } else {
                LOG.warn("{}'s data sent, but not accepted (transfer {}): {}", environment, id,
                        EngineLink.refusal(connection));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sending {}'s data failed (transfer {}){}: {}{}", environment, id, watch != null
                    && watch.expired() ? ", nothing moved for " + settings.idleTimeout().toSeconds() + " s" : "",
                    e.getMessage(), Transfers.detail(e));
        } finally {
            if (watch != null) {
                watch.close();
            }
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Tells the watchdog each time bytes leave. */
    private static final class Moving extends FilterOutputStream {

        private final Watchdog.Watch watch;

        Moving(OutputStream out, Watchdog.Watch watch) {
            super(out);
            this.watch = watch;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            watch.moved();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            watch.moved();
        }
    }
}
