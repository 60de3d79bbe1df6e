package org.releasegate.transfer;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * releasegate.transfer: copies between machines (docs/agents.md, "Copies between machines").
 *
 * @param idleTimeout   how long a transfer may go without a byte before the node that waits for it gives it up (a link
 *                      cut, a node gone): the step then fails and is run again, from the start
 * @param pickupTimeout on the engine node, how long the agent holding the data has to start sending it once asked
 */
@ConfigurationProperties("releasegate.transfer")
@Validated
public record TransferProperties(
        @DurationMin(seconds = 1, message = "must be 1s or more") @DefaultValue("60s") Duration idleTimeout,
        @DurationMin(seconds = 1, message = "must be 1s or more") @DefaultValue("60s") Duration pickupTimeout) {
}
