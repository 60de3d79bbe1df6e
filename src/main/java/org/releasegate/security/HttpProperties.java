package org.releasegate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;

/**
 * releasegate.http: limits of the HTTP APIs (the engine's REST API, the webapps' API, Release Gate's own).
 *
 * @param maxRequestSize the largest request body accepted; a larger one gets 413 before authentication or anything
 *                       else looks at it. The default leaves room for the verification form, which sends up to three
 *                       evidence files of 10,000,000 bytes each as base64 in one JSON body (40,000,000 bytes): 40 MB
 *                       (41,943,040 bytes) leaves about 1.9 MB for the rest of the form
 */
@ConfigurationProperties("releasegate.http")
@Validated
record HttpProperties(@DefaultValue("40MB") DataSize maxRequestSize) {

    @AssertTrue(message = "releasegate.http.max-request-size must be positive")
    boolean isMaxRequestSizePositive() {
        return maxRequestSize != null && maxRequestSize.toBytes() > 0;
    }
}
