package org.releasegate.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.releasegate.AgentComponents;
import org.releasegate.api.Forbidden;
import org.releasegate.api.NotFound;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderStream;
import org.releasegate.data.Fingerprint;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.process.ReleasePolicy.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The engine node's side of copies between machines, for declared agents only:
 * <ul>
 *   <li>{@code GET /transfer/orders}: the agent's long poll for what is asked of its data
 *       ({@code {id, environment, operation[, argument]}}: its data, a snapshot or a fingerprint; or 204);
 *   <li>{@code POST /transfer/{id}}: the agent sends the answer (its data as a {@link FolderStream}, or what
 *       {@code data/AgentStore} reads); answered once the reader is done with it (204 when it arrived whole, 409 with
 *       the reason otherwise);
 *   <li>{@code GET /transfer/data/production}: production's data for the agent that is running the copy to test now —
 *       it holds the lock of that step — relayed from production's agent and checked on the way, or read here when
 *       the engine node holds production's data itself;
 *   <li>{@code GET /transfer/package/{name}}: the release's package, for the agent installing it now;
 *   <li>{@code GET /transfer/reached/{environment}}: whether this node reaches the agent's environment's data through
 *       it.
 * </ul>
 * Stolen credentials of an agent thus give its own environment's data to nobody but the engine node, and production's
 * data to test's agent only while the copy step it took runs.
 */
@RestController
@Profile("!" + AgentComponents.PROFILE)
class TransferController {

    private static final Logger LOG = LoggerFactory.getLogger(TransferController.class);
    /** Shorter than the agents' read timeout on this poll. */
    static final Duration ORDER_POLL = Duration.ofSeconds(20);

    private final Transfers transfers;
    private final CallingAgents callers;
    private final DataStores dataStores;
    private final Inbox inbox;

    TransferController(Transfers transfers, CallingAgents callers, DataStores dataStores, Inbox inbox) {
        this.transfers = transfers;
        this.callers = callers;
        this.dataStores = dataStores;
        this.inbox = inbox;
    }

    @GetMapping(TransferAuthentication.PATH + "/orders")
    ResponseEntity<Map<String, String>> nextOrder() throws InterruptedException {
        String agent = callers.requireAgent();
        Optional<Transfer> order = transfers.nextOrder(agent, ORDER_POLL);
        return order.map(transfer -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("id", transfer.id());
            body.put("environment", transfer.environment());
            body.put("operation", transfer.operation().wireName());
            if (transfer.argument() != null) {
                body.put("argument", transfer.argument());
            }
            return ResponseEntity.ok(body);
        }).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping(TransferAuthentication.PATH + "/{id}")
    ResponseEntity<String> send(@PathVariable String id, HttpServletRequest request)
            throws IOException, InterruptedException {
        String agent = callers.requireAgent();
        Transfer transfer = transfers.of(id, agent).orElseThrow(() -> new NotFound(
                Messages.text("transfer.api.unknown", id)));
        if (!transfer.attach(request.getInputStream())) {
            return ResponseEntity.status(409).body(Messages.text("transfer.api.no-longer-awaited"));
        }
        String failure = transfer.awaitOutcome();
        return failure.isEmpty() ? ResponseEntity.noContent().build() : ResponseEntity.status(409).body(failure);
    }

    @GetMapping(TransferAuthentication.PATH + "/data/{environment}")
    void data(@PathVariable String environment, HttpServletResponse response) throws IOException,
            InterruptedException {
        String agent = callers.requireAgent();
        if (!Environments.PRODUCTION.equals(environment)) {
            throw new NotFound(Messages.text("transfer.api.production-only"));
        }
        requireRunningTheCopy(agent);
        response.setContentType("application/octet-stream");
        Fingerprint sent;
        try {
            Optional<String> holder = transfers.agentOf(environment);
            if (holder.isPresent()) {
                try (InputStream production = transfers.open(environment)) {
                    sent = FolderStream.relay(production, response.getOutputStream());
                }
            } else {
                sent = dataStores.send(environment, response.getOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The copy of {}'s data to {} failed: {}{}", environment, agent, e.getMessage(),
                    Transfers.detail(e));
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(503);
                response.setContentType("text/plain;charset=UTF-8");
                response.getOutputStream().write(String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            // The stream stops without its end frame, which is all the agent needs to refuse what it got.
            return;
        }
        LOG.info("{}'s data relayed to {}, checked on the way: {}", environment, agent, sent.summary());
    }

    /**
     * Whether this node reaches the agent's environment's data through that agent ({@code {throughAgent}}): its stop
     * then tells the model that the data is archived in the window, not cloned by its server.
     */
    @GetMapping(TransferAuthentication.PATH + "/reached/{environment}")
    Map<String, Boolean> reached(@PathVariable String environment) {
        String agent = callers.requireAgent();
        if (!callers.environmentsOf(agent).contains(environment)) {
            throw new Forbidden(Messages.text("transfer.api.own-environments-only"));
        }
        return Map.of("throughAgent", dataStores.throughAgent(environment).isPresent());
    }

    /**
     * The release's package from the engine node's inbox, for an agent installing it now (it holds the lock of an
     * install on one of its environments, for a release of that package): read once to compute its SHA-256, sent
     * with it, then read again as it is sent; the agent keeps its copy only if both agree.
     */
    @GetMapping(TransferAuthentication.PATH + "/package/{name}")
    void installerPackage(@PathVariable String name, HttpServletResponse response) throws IOException {
        String agent = callers.requireAgent();
        requireInstalling(agent, name);
        String sha256 = inbox.sha256(name);
        long size = Files.size(inbox.resolve(name));
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(size);
        response.setHeader(RemotePackages.SHA256_HEADER, sha256);
        try (InputStream in = inbox.open(name)) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[1 << 16];
            for (long left = size; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    // Shorter than announced: the agent sees fewer bytes than the length and refuses its copy.
                    throw new IOException("the package " + name + " shrank while it was sent");
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
        LOG.info("Package {} sent to {} (SHA-256 {}, {} bytes)", name, agent, sha256, size);
    }

    private void requireInstalling(String agent, String packageName) {
        if (!callers.holdsLock(agent, Topics.INSTALL_VERSION, callers.environmentsOf(agent),
                Vars.INSTALLER_PACKAGE.name(), packageName::equals)) {
            throw new Forbidden(Messages.text("transfer.api.package-installer-only"));
        }
    }

    /** Production's data goes to test's agent only while it runs the copy to test. */
    private void requireRunningTheCopy(String agent) {
        if (!callers.holdsLock(agent, Topics.COPY_PRODUCTION_DATA, Set.of(Environments.TEST), null, any -> true)) {
            throw new Forbidden(Messages.text("transfer.api.data-test-agent-only"));
        }
    }
}
