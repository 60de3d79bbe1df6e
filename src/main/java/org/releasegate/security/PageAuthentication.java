package org.releasegate.security;

import java.io.IOException;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.util.EngineUtil;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authentication of Release Gate's own pages (the view of the releases, reports, exports): whoever is logged in to
 * the Camunda webapps gets in with that session, with no second login ({@link WebappSessionAuthentication}); scripts
 * send HTTP basic credentials, as on the REST API. A browser that brings neither is sent to Tasklist's login page,
 * whose header links back here; any other client gets 401 with the basic challenge. The engine then knows the user
 * while the page is made, so its authorizations apply.
 */
public final class PageAuthentication {

    private PageAuthentication() {
    }

    /**
     * @param applicationPath where the webapps are served ({@code camunda.bpm.webapp.application-path})
     */
    public static FilterRegistrationBean<PageAuthenticationFilter> filter(String name, String applicationPath,
                                                                          String... urlPatterns) {
        FilterRegistrationBean<PageAuthenticationFilter> registration = EngineBasicAuthentication.filter(name,
                new PageAuthenticationFilter(applicationPath), urlPatterns);
        // The filter strips the servlet path to find an engine name in REST URLs; here the whole path is ours.
        registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "");
        return registration;
    }

    /** The engine's filter with the webapps' session ahead of HTTP basic, and the login page for browsers. */
    public static final class PageAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        private final String applicationPath;

        PageAuthenticationFilter(String applicationPath) {
            this.applicationPath = applicationPath;
        }

        @Override
        public void init(FilterConfig filterConfig) throws ServletException {
            super.init(filterConfig);
            authenticationProvider = new WebappSessionAuthentication(authenticationProvider);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            ProcessEngine engine = EngineUtil.lookupProcessEngine(DEFAULT_ENGINE_NAME);
            if (engine != null && http.getHeader(HttpHeaders.AUTHORIZATION) == null && wantsAPage(http)
                    && WebappSessionAuthentication.sessionUser(http, engine).isEmpty()) {
                ((HttpServletResponse) response).sendRedirect(http.getContextPath() + applicationPath + "/app/tasklist/");
                return;
            }
            super.doFilter(request, response, chain);
        }

        /** A browser navigating: it asks for HTML by name (a script's Accept is absent or * / *). */
        private static boolean wantsAPage(HttpServletRequest request) {
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
        }
    }
}
