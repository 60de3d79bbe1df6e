package org.releasegate.roadbook;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;

/**
 * releasegate.road-book: the limits every road book goes through, whatever its source (an upload, pasted
 * text, a file of the inbox, a URL).
 *
 * @param maxSize         the largest road book read, in bytes (5MB, 500KB): a larger one is refused
 *                        with its name before it is parsed, and never more than this is read. From 1 B to 2 GB
 * @param downloadTimeout how long the download of a road book given by URL may take, redirects included; also the
 *                        time allowed to connect
 * @param allowedHosts    the hosts a road book may be downloaded from (a YAML list or comma-separated); empty: any
 *                        host that resolves neither to this server nor to a reserved address (loopback, link-local,
 *                        wildcard, multicast: see {@link RoadBookSource}). A redirect is only followed to the same host
 */
@ConfigurationProperties("releasegate.road-book")
@Validated
record RoadBookProperties(
        @DefaultValue(RoadBookReader.DEFAULT_MAX_SIZE_TEXT) DataSize maxSize,
        @DurationMin(millis = 1, message = "must be positive") @DefaultValue("30s") Duration downloadTimeout,
        @DefaultValue List<String> allowedHosts) {

    @AssertTrue(message = "releasegate.road-book.max-size must be between 1 B and 2 GB")
    boolean isMaxSizeReadable() {
        return RoadBookReader.isReadable(maxSize);
    }
}
