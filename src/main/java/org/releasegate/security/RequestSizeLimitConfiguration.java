package org.releasegate.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Puts {@link RequestSizeLimit} in front of every API that takes a body: the engine's REST API, the webapps' API
 * (Tasklist submits forms, evidence files included, there) and Release Gate's own. First of all filters, so that a
 * body too large is refused before authentication or anything else looks at the request.
 * <p>
 * Default 40 MB: the verification form sends up to three evidence files of 10,000,000 bytes each as base64 in one
 * JSON body, 40,000,000 bytes, and 40 MB (41,943,040 bytes) leaves about 1.9 MB for the rest of the form.
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimitConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimitFilter(
            @Value("${releasegate.http.max-request-size:40MB}") DataSize maxSize) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(maxSize));
        registration.setName("release-gate-request-size-limit");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
