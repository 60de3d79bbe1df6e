package org.releasegate.report;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.releasegate.security.EngineBasicAuthentication;
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
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = EngineBasicAuthentication.filter(
                "release-gate-report-authentication", new ProcessEngineAuthenticationFilter(), "/reports", "/reports/*");
        // The filter strips the servlet path to find an engine name in REST URLs; here the whole path is ours.
        registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "");
        return registration;
    }
}
