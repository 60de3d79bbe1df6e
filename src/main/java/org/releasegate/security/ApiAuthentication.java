package org.releasegate.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP basic authentication in front of Release Gate's own REST API ({@code /api/*}: strategic-process catalogue,
 * verdict history, workaround register), with the engine's users, as for {@code /engine-rest}: 401 without valid
 * credentials. What each group may then do is checked by {@link ApiCaller}.
 */
@Configuration(proxyBeanMethods = false)
class ApiAuthentication {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> apiAuthenticationFilter() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = EngineBasicAuthentication.filter(
                "release-gate-api-authentication", new ProcessEngineAuthenticationFilter(), "/api/*");
        // The filter strips the servlet path to find an engine name in REST URLs; here the whole path is ours.
        registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "");
        return registration;
    }
}
