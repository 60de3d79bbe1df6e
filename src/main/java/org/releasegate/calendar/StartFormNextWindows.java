package org.releasegate.calendar;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import org.releasegate.api.Forbidden;
import org.releasegate.message.Messages;
import org.releasegate.security.ApiCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The next production windows in the start form. Tasklist loads no variable for a start form and a Camunda Form
 * cannot fetch anything itself, so the fact travels in the form's schema: this filter fills the text component
 * {@value #PLACEHOLDER} of a deployed start form, as the engine's REST API and the webapps' API serve it
 * ({@code …/process-definition/{id}/deployed-start-form}, {@code …/key/{key}/deployed-start-form}, with or without
 * {@code /tenant-id/{tenant}}), with what {@link ProductionWindowPlanner#outlook(int)} says now: no constraint, the
 * freeze in force and its end, the next windows long enough for the estimated downtime.
 * <p>
 * Nothing else can be read through it: the engine answers first, with its own authorization of the definition; the
 * text is added only to an answer of 200 whose form has the placeholder, and only for a member of our groups
 * ({@link ApiCaller#requireReader()}, who may read the same windows at {@code /api/change-calendar/next-windows}); the
 * downtime estimate is read with the caller's own rights on the history. Anyone else gets the form as deployed. A
 * filled answer changes with the calendar: it is sent with {@code Cache-Control: no-store}, its own length, and no
 * validator.
 */
class StartFormNextWindows extends OncePerRequestFilter {

    /** The id of the text component the filter fills (bpmn/forms/start-release.form). */
    static final String PLACEHOLDER = "Field_NextWindows";
    /** How many windows the form lists. */
    static final int WINDOWS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(StartFormNextWindows.class);
    private static final Pattern START_FORM = Pattern.compile(
            ".*/process-definition/(?:key/[^/]+(?:/tenant-id/[^/]+)?|[^/]+)/deployed-start-form");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProductionWindowPlanner planner;
    private final ApiCaller caller;

    StartFormNextWindows(ProductionWindowPlanner planner, ApiCaller caller) {
        this.planner = planner;
        this.caller = caller;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<StartFormNextWindows> startFormNextWindowsFilter(ProductionWindowPlanner planner,
                                                                               ApiCaller caller) {
            FilterRegistrationBean<StartFormNextWindows> registration = new FilterRegistrationBean<>(
                    new StartFormNextWindows(planner, caller));
            registration.setName("release-gate-start-form-next-windows");
            registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
            return registration;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AnsweredForm answer = new AnsweredForm(response);
        chain.doFilter(request, answer);
        byte[] filled = answer.text == null ? null : filled(answer.getContentAsByteArray(), answer.text);
        if (filled == null) {
            answer.copyBodyToResponse();
            return;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.ETAG, null);
        response.setHeader(HttpHeaders.LAST_MODIFIED, null);
        response.setContentLength(filled.length);
        response.getOutputStream().write(filled);
        response.flushBuffer();
    }

    /** Only a start form as read is held back; nothing else goes through this filter. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        boolean startFormRead = HttpMethod.GET.matches(request.getMethod())
                && START_FORM.matcher(request.getRequestURI()).matches();
        return !startFormRead;
    }

    /** The form with its placeholder filled; null to send it as the engine gave it. */
    private static byte[] filled(byte[] body, String text) {
        JsonNode form;
        try {
            form = JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
        ObjectNode placeholder = placeholder(form);
        if (placeholder == null) {
            return null;
        }
        placeholder.put("text", text);
        try {
            return JSON.writeValueAsBytes(form);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the start form back: " + e, e);
        }
    }

    private static ObjectNode placeholder(JsonNode form) {
        for (JsonNode component : form.path("components")) {
            if (component instanceof ObjectNode text && PLACEHOLDER.equals(component.path("id").asText())
                    && "text".equals(component.path("type").asText())) {
                return text;
            }
        }
        return null;
    }

    /** What the calendar allows from now, in French Markdown (a form's text component renders Markdown). */
    String text() {
        ProductionWindowPlanner.Outlook outlook;
        try {
            outlook = planner.outlook(WINDOWS);
        } catch (CalendarRejectedException e) {
            return Messages.text("start-form.unknown", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("No production windows for the start form", e);
            return Messages.text("start-form.unreadable");
        }
        if (!outlook.calendar()) {
            return Messages.text("start-form.no-constraint");
        }
        StringBuilder text = new StringBuilder();
        outlook.freeze().ifPresent(freeze -> text.append(Messages.text("start-form.freeze", freeze,
                outlook.freezeEnd().orElseThrow())).append("\n\n"));
        List<Window> windows = outlook.windows();
        if (windows.isEmpty()) {
            return text.append(outlook.estimate().map(estimate -> Messages.text("start-form.none-long-enough", estimate))
                    .orElse(Messages.text("start-form.none"))).toString();
        }
        text.append(outlook.estimate().map(estimate -> Messages.text("start-form.windows-long-enough", estimate))
                .orElse(Messages.text("start-form.windows")));
        for (Window window : windows) {
            text.append('\n').append(Messages.text("start-form.window", window.description()));
        }
        return text.toString();
    }

    /**
     * The answer held back until the engine is done. The text is worked out when the engine starts writing a form
     * it answers with 200 (Jersey writes to the output stream; a writer would leave the form as deployed): its
     * authentication is still set then, whichever of the authentication filters and this one runs first, so the
     * caller is checked and the history read with the caller's own rights.
     */
    private final class AnsweredForm extends ContentCachingResponseWrapper {

        private String text;
        private boolean started;

        AnsweredForm(HttpServletResponse response) {
            super(response);
        }

        private void start() {
            if (started) {
                return;
            }
            started = true;
            if (getStatus() == SC_OK) {
                try {
                    caller.requireReader();
                    text = text();
                } catch (Forbidden notOneOfUs) {
                    text = null;
                }
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            start();
            return super.getOutputStream();
        }
    }
}
