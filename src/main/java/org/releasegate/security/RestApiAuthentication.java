package org.releasegate.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.releasegate.worker.WorkerCredentials;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

/**
 * HTTP basic authentication on the REST API (the Camunda Modeler, remote workers), and the token of this
 * application's own workers ({@link WorkerTokenAuthentication}). The starter has no property for this, so the
 * engine's own filter is registered here; authorizations then apply per user.
 */
@Configuration(proxyBeanMethods = false)
class RestApiAuthentication {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> restApiAuthenticationFilter(WorkerCredentials workers) {
        return EngineBasicAuthentication.filter("release-gate-rest-authentication", new RestApiAuthenticationFilter(workers),
                "/engine-rest/*");
    }

    /** The engine's filter, its provider (HTTP basic, from the init parameter) preceded by the workers' token. */
    static class RestApiAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        private final WorkerCredentials workers;

        RestApiAuthenticationFilter(WorkerCredentials workers) {
            this.workers = workers;
        }

        @Override
        public void init(FilterConfig filterConfig) throws ServletException {
            super.init(filterConfig);
            authenticationProvider = new WorkerTokenAuthentication(workers, authenticationProvider);
        }
    }
}
