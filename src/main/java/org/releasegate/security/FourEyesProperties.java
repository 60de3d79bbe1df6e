package org.releasegate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The four-eyes rule: the final acceptance and the rollback decision are taken by someone other than the person who
 * started the release.
 *
 * @param enabled on unless a company deliberately turns it off (e.g. a single release manager)
 */
@ConfigurationProperties("releasegate.four-eyes")
public record FourEyesProperties(@DefaultValue("true") boolean enabled) {
}
