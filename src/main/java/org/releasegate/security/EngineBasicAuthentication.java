package org.releasegate.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * HTTP basic authentication against the engine's own users, for the paths the webapps' login does not cover (REST
 * API, report pages, actuator). The application has no Spring Security: the engine's filter also tells the engine
 * who the user is, so its authorizations apply.
 */
public final class EngineBasicAuthentication {

    private EngineBasicAuthentication() {
    }

    public static <F extends ProcessEngineAuthenticationFilter> FilterRegistrationBean<F> filter(String name, F filter,
                                                                                                 String... urlPatterns) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns(urlPatterns);
        return registration;
    }
}
