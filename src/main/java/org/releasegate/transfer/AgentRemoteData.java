package org.releasegate.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.AgentComponents;
import org.releasegate.data.RemoteData;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On an agent, another environment's data, fetched from the engine node, which relays it from the node that holds it:
 * production's data for the copy to test, while this agent runs that step; and whether the engine node reaches this
 * agent's environments' data through it.
 */
@Component
@Profile(AgentComponents.PROFILE)
class AgentRemoteData implements RemoteData {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRemoteData.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineLink engine;
    private final TransferProperties settings;

    AgentRemoteData(EngineLink engine, TransferProperties settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public InputStream open(String environment) throws IOException {
        // The engine answers once production's agent starts sending: up to its pickup timeout.
        HttpURLConnection connection = engine.open("GET", "data/" + environment,
                settings.pickupTimeout().plus(settings.idleTimeout()));
        Watchdog.Watch watch = Watchdog.watch(settings.pickupTimeout().plus(settings.idleTimeout()),
                settings.idleTimeout(), connection::disconnect);
        try {
            if (connection.getResponseCode() != 200) {
                throw engine.refused(connection, environment + "'s data", "transfer.not-sent", environment);
            }
            return new Watched(connection.getInputStream(), connection, watch, environment);
        } catch (IOException | RuntimeException e) {
            watch.close();
            connection.disconnect();
            if (!watch.expired()) {
                throw e;
            }
            LOG.warn("No byte of {}'s data from Release Gate ({}) for {} s: {}", environment, engine.base(),
                    settings.idleTimeout().toSeconds(), e.toString());
            throw new IOException(stalled(environment));
        }
    }

    @Override
    public boolean reachedThroughThisNode(String environment) throws IOException {
        HttpURLConnection connection = engine.open("GET", "reached/" + environment, settings.idleTimeout());
        try {
            if (connection.getResponseCode() != 200) {
                throw engine.refused(connection, "how it reaches " + environment + "'s data", "transfer.reach-unknown",
                        environment);
            }
            try (InputStream body = connection.getInputStream()) {
                return JSON.readTree(body.readNBytes(4096)).path("throughAgent").asBoolean(false);
            }
        } finally {
            connection.disconnect();
        }
    }

    private String stalled(String environment) {
        return Messages.text("transfer.stalled", environment, settings.idleTimeout().toSeconds());
    }

    /** The data as it arrives; closed before its end, the connection is dropped rather than drained. */
    private final class Watched extends FilterInputStream {

        private final HttpURLConnection connection;
        private final Watchdog.Watch watch;
        private final String environment;
        private boolean ended;

        Watched(InputStream in, HttpURLConnection connection, Watchdog.Watch watch, String environment) {
            super(in);
            this.connection = connection;
            this.watch = watch;
            this.environment = environment;
        }

        @Override
        public int read() throws IOException {
            try {
                return moved(in.read());
            } catch (IOException e) {
                throw explained(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return moved(in.read(buffer, offset, length));
            } catch (IOException e) {
                throw explained(e);
            }
        }

        private IOException explained(IOException e) {
            if (!watch.expired()) {
                return e;
            }
            LOG.warn("{}'s data from Release Gate ({}) stalled for {} s: {}", environment, engine.base(),
                    settings.idleTimeout().toSeconds(), e.toString());
            return new IOException(stalled(environment));
        }

        private int moved(int read) {
            watch.moved();
            if (read < 0) {
                ended = true;
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            watch.close();
            if (ended) {
                in.close();
            } else {
                connection.disconnect();
            }
        }
    }
}
