package org.releasegate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * releasegate.demo, as far as security goes: the demo creates users with a known password, which the
 * production profile refuses. Where the demo lays out its world is org.releasegate.demo.DemoProperties.
 *
 * @param enabled  whether the demo is on (the demo profile turns it on)
 * @param password the demo users' password; required in the demo profile
 */
@ConfigurationProperties("releasegate.demo")
record DemoUserProperties(@DefaultValue("false") boolean enabled, String password) {
}
