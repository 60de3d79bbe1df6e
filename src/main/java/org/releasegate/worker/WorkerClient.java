package org.releasegate.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.backoff.ExponentialErrorBackoffStrategy;
import org.camunda.bpm.client.interceptor.ClientRequestInterceptor;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Subscribes every {@link Step} to its topic once the application is ready, through the engine's REST API (this
 * application's own by default, so the same code runs as a remote agent). The client backs off only after errors
 * (an unreachable engine, refused credentials): its default backoff on empty answers made a task created after an
 * idle period wait ~21 s for pickup, while long polling alone answers in well under a second. Against its own engine
 * the client sends this start's token (see {@link WorkerCredentials}), against a remote one user and password.
 */
@Component
@ConditionalOnProperty(prefix = "releasegate.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
class WorkerClient {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Step> steps;
    private final StepPlacement placement;
    private final WorkerProperties properties;
    private final WorkerCredentials credentials;
    private final ScheduledExecutorService lockKeeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "step-lock-keeper");
        thread.setDaemon(true);
        return thread;
    });
    private ExternalTaskClient client;

    WorkerClient(List<Step> steps, StepPlacement placement, WorkerProperties properties, WorkerCredentials credentials) {
        this.steps = steps;
        this.placement = placement;
        this.properties = properties;
        this.credentials = credentials;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        String engineUrl = properties.usesOwnEngine()
                ? "http://localhost:" + ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort()
                        + "/engine-rest"
                : properties.engineUrl();
        String workerId = workerId(credentials.username(), hostName(), ProcessHandle.current().pid());
        client = ExternalTaskClient.create()
                .baseUrl(engineUrl)
                .workerId(workerId)
                .addInterceptor(authentication())
                .lockDuration(properties.lockDuration().toMillis())
                .asyncResponseTimeout(properties.longPolling().toMillis())
                .maxTasks(1)
                .backoffStrategy(new ExponentialErrorBackoffStrategy(500, 2, 30_000))
                .build();
        List<String> subscribed = new ArrayList<>();
        for (Step step : steps) {
            for (String topic : placement.topicsOf(step)) {
                client.subscribe(topic)
                        .lockDuration(properties.lockDuration().toMillis())
                        .handler(new StepRunner(step, properties, lockKeeper))
                        .open();
                subscribed.add(topic);
            }
        }
        LOG.info("Workers subscribed to {} against {} as {}", subscribed, engineUrl, workerId);
    }

    private ClientRequestInterceptor authentication() {
        return credentials.inProcessToken()
                .<ClientRequestInterceptor>map(token -> request -> request.addHeader(WorkerCredentials.TOKEN_HEADER, token))
                .orElseGet(() -> new BasicAuthProvider(credentials.username(), credentials.password().orElseThrow()));
    }

    @EventListener
    void stop(ContextClosedEvent closed) {
        if (client != null) {
            client.stop();
            client = null;
        }
        lockKeeper.shutdownNow();
    }

    /**
     * One id per node and start: the engine lets only the worker id that locked a task extend, complete or fail it.
     * Two engine nodes on one host, or a node restarted (in a container the JVM is always pid 1), must not share one,
     * or a node could finish a task another one is still running. Starts with the user: the engine checks that an
     * agent's worker id does (gate/AgentCommands).
     */
    static String workerId(String username, String host, long pid) {
        byte[] start = new byte[4];
        RANDOM.nextBytes(start);
        return username + "@" + host + "/" + pid + "-" + HexFormat.of().formatHex(start);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
