package org.releasegate.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the automated steps' workers reach the engine.
 *
 * @param engineUrl   REST API of the engine; empty for this application's own
 * @param username    the engine user the workers act as
 * @param password    what remote workers log in with; in-process workers use a token instead (WorkerCredentials)
 * @param lockDuration how long a fetched task stays locked; renewed while a step runs
 * @param longPolling how long a fetch waits for new tasks; a task whose failure is to be retried is fetched again at
 *                    the latest when the current long poll ends
 * @param retries     attempts of a step failing for technical reasons before it becomes a Cockpit incident
 */
@ConfigurationProperties("releasegate.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        String engineUrl,
        @DefaultValue("release-gate-worker") String username,
        String password,
        @DefaultValue("60s") Duration lockDuration,
        @DefaultValue("20s") Duration longPolling,
        @DefaultValue("3") int retries,
        @DefaultValue("10s") Duration retryDelay) {

    boolean usesOwnEngine() {
        return engineUrl == null || engineUrl.isBlank();
    }
}
