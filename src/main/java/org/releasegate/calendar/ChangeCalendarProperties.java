package org.releasegate.calendar;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Where the change calendar is kept.
 *
 * @param changeCalendarFile when production may be changed: maintenance windows and freezes, read at every use; no
 *                           file means no calendar, any time (RELEASEGATE_CHANGE_CALENDAR; its default is in
 *                           application.yaml, beside the variable). docs/environments.md, "Change calendar"
 */
@ConfigurationProperties("releasegate")
@Validated
record ChangeCalendarProperties(
        @NotNull(message = "must name the change calendar file (RELEASEGATE_CHANGE_CALENDAR)") Path changeCalendarFile) {
}
