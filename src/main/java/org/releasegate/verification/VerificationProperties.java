package org.releasegate.verification;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * releasegate.verification: how the verifications of a release are planned.
 *
 * @param timeAllowed how long testers and key users have for the verifications of a round (2d, 36h,
 *                    90m): each verification task is due that long after the round is planned, and Tasklist
 *                    shows the due date. When it passes with verifications still open, the release managers get the
 *                    task « Relancer les vérifications en retard » listing who holds each late one (and an email when
 *                    notifications are on); the verifications go on meanwhile. At least one minute
 */
@ConfigurationProperties("releasegate.verification")
@Validated
record VerificationProperties(
        @DurationMin(minutes = 1, message = "must be at least one minute (2d, 36h, 90m)") @DefaultValue("2d")
        Duration timeAllowed) {
}
