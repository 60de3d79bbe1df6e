package org.releasegate.report;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP basic authentication in front of the report pages, with the engine's own filter and users (the application
 * has no Spring Security): 401 without valid credentials, and the engine knows the user while the page is made.
 */
@Configuration(proxyBeanMethods = false)
class ReportAuthentication {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> reportAuthenticationFilter() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("release-gate-report-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        // The filter strips the servlet path to find an engine name in REST URLs; here the whole path is ours.
        registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "");
        registration.addUrlPatterns("/reports", "/reports/*");
        return registration;
    }
}
