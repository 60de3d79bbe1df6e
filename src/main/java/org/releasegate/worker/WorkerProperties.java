package org.releasegate.worker;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * releasegate.worker: how the automated steps' workers reach the engine.
 *
 * @param enabled      whether this node runs the workers; an engine node without them never runs an automated step
 * @param engineUrl    REST API of the engine; empty for this application's own (RELEASEGATE_ENGINE_URL)
 * @param username     the engine user the workers act as (RELEASEGATE_WORKER_USER; its default is in
 *                     application.yaml, beside the variable)
 * @param password     what remote workers log in with (RELEASEGATE_WORKER_PASSWORD); in-process workers use a
 *                     token instead (WorkerCredentials)
 * @param lockDuration how long a fetched task stays locked; renewed while a step runs
 * @param longPolling  how long a fetch waits for new tasks; a task whose failure is to be retried is fetched again at
 *                     the latest when the current long poll ends
 * @param retries      attempts of a step failing for technical reasons before it becomes a Cockpit incident
 * @param retryDelay   wait before the next attempt
 */
@ConfigurationProperties("releasegate.worker")
@Validated
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        String engineUrl,
        @NotBlank(message = "must name the engine user of the workers (RELEASEGATE_WORKER_USER)") String username,
        String password,
        @DurationMin(seconds = 1, message = "must be 1s or more") @DefaultValue("60s") Duration lockDuration,
        @DurationMin(millis = 1, message = "must be positive") @DefaultValue("20s") Duration longPolling,
        @PositiveOrZero(message = "must be 0 or more") @DefaultValue("3") int retries,
        @DurationMin(millis = 0, message = "must not be negative") @DefaultValue("10s") Duration retryDelay) {

    boolean usesOwnEngine() {
        return engineUrl == null || engineUrl.isBlank();
    }
}
