package org.releasegate.transfer;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.releasegate.AgentComponents;
import org.releasegate.security.EngineBasicAuthentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;

/**
 * HTTP basic authentication, with the engine's users, in front of {@code /transfer/*}, then the check that the agent
 * speaks this node's {@link TransferProtocol}; {@link TransferController} then lets only declared agents in. Not behind the request size limit: a transfer's body is a whole data folder,
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
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }

    /** After the login: a stranger learns nothing, not even the protocol's version. */
    @Bean
    FilterRegistrationBean<TransferProtocol> transferProtocolFilter() {
        FilterRegistrationBean<TransferProtocol> registration = new FilterRegistrationBean<>(new TransferProtocol());
        registration.setName("release-gate-transfer-protocol");
        registration.addUrlPatterns(PATH + "/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
