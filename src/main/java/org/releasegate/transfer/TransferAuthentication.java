package org.releasegate.transfer;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.releasegate.AgentComponents;
import org.releasegate.security.EngineBasicAuthentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * HTTP basic authentication, with the engine's users, in front of {@code /transfer/*}; {@link TransferController}
 * then lets only declared agents in. Not behind the request size limit: a transfer's body is a whole data folder,
 * streamed and checked as it passes, never held.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + AgentComponents.PROFILE)
class TransferAuthentication {

    static final String PATH = "/transfer";

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> transferAuthenticationFilter() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = EngineBasicAuthentication.filter(
                "release-gate-transfer-authentication", new ProcessEngineAuthenticationFilter(), PATH + "/*");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "");
        return registration;
    }
}
