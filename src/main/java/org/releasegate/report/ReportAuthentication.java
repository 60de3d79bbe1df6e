package org.releasegate.report;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.releasegate.security.PageAuthentication;
import org.releasegate.security.PageAuthentication.PageAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Authentication in front of the view of the releases and the reports: the webapps' session, or HTTP basic for
 * scripts ({@link PageAuthentication}); the application has no Spring Security.
 */
@Configuration(proxyBeanMethods = false)
class ReportAuthentication {

    @Bean
    FilterRegistrationBean<PageAuthenticationFilter> reportAuthenticationFilter(CamundaBpmProperties camunda) {
        return PageAuthentication.filter("release-gate-report-authentication",
                camunda.getWebapp().getApplicationPath(), "/reports", "/reports/*", "/releases", "/releases/*");
    }
}
