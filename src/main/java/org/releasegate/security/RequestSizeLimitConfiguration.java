package org.releasegate.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link RequestSizeLimit} in front of every API that takes a body: the engine's REST API, the webapps' API
 * (Tasklist submits forms, evidence files included, there) and Release Gate's own. First of all filters, so that a
 * body too large is refused before authentication or anything else looks at the request.
 * The limit is {@code releasegate.http.max-request-size} ({@link HttpProperties}).
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimitConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimitFilter(HttpProperties settings) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(settings.maxRequestSize()));
        registration.setName("release-gate-request-size-limit");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
