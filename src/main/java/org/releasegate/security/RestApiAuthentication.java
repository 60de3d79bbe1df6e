package org.releasegate.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP basic authentication on the REST API (the Camunda Modeler and the workers use it). The starter has no
 * property for this, so the engine's own filter is registered here; authorizations then apply per user.
 */
@Configuration(proxyBeanMethods = false)
class RestApiAuthentication {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> restApiAuthenticationFilter() {
        return EngineBasicAuthentication.filter("release-gate-rest-authentication", new ProcessEngineAuthenticationFilter(),
                "/engine-rest/*");
    }
}
