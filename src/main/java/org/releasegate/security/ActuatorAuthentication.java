package org.releasegate.security;

import java.io.IOException;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The actuator's endpoints other than {@code health} (metrics, in production) answer only engine users, with the
 * same HTTP basic authentication as the REST API: the application has no Spring Security and needs none for this.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorAuthentication {

    @Bean
    FilterRegistrationBean<ActuatorAuthenticationFilter> actuatorAuthenticationFilter(ObjectProvider<ProcessEngine> engine) {
        return EngineBasicAuthentication.filter("release-gate-actuator-authentication",
                new ActuatorAuthenticationFilter(engine), "/actuator", "/actuator/*");
    }

    /** Health stays open to load balancers and probes; it shows no details (application-production.yaml). */
    static class ActuatorAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        private static final String HEALTH = "/actuator/health";

        private final ObjectProvider<ProcessEngine> engine;

        ActuatorAuthenticationFilter(ObjectProvider<ProcessEngine> engine) {
            this.engine = engine;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String path = http.getRequestURI().substring(http.getContextPath().length());
            if (path.equals(HEALTH) || path.startsWith(HEALTH + "/")) {
                chain.doFilter(request, response);
            } else {
                super.doFilter(request, response, chain);
            }
        }

        /** This application's engine, whatever its name: actuator paths name none. */
        @Override
        protected ProcessEngine getAddressedEngine(String engineName) {
            return engine.getObject();
        }
    }
}
