package org.releasegate.inbox;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Where release managers drop what a release needs.
 *
 * @param inbox the inbox folder: files named in a release's start form (installer packages, road books) are looked up
 *              there (RELEASEGATE_INBOX; its default is in application.yaml, beside the variable)
 */
@ConfigurationProperties("releasegate")
@Validated
record InboxProperties(@NotNull(message = "must name the inbox folder (RELEASEGATE_INBOX)") Path inbox) {
}
