package org.releasegate.verification;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the file of an evidence download. The engine's REST API serves a task attachment at
 * {@code …/task/{taskId}/attachment/{attachmentId}/data} as a bare {@code application/octet-stream} with no
 * {@code Content-Disposition}, so a browser saves it under the last segment of the address: « data ». This filter
 * adds {@code Content-Disposition: attachment} with the attachment's own name — only once the API has answered 200,
 * that is once the caller was allowed to read the content, so that no one learns an attachment's name by guessing
 * its id.
 */
class EvidenceDownloadName extends OncePerRequestFilter {

    private static final Pattern ATTACHMENT_DATA = Pattern.compile(".*/task/([^/]+)/attachment/([^/]+)/data");

    /** (taskId, attachmentId) → the attachment's name, empty when there is none. */
    private final BiFunction<String, String, Optional<String>> names;

    EvidenceDownloadName(BiFunction<String, String, Optional<String>> names) {
        this.names = names;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !ATTACHMENT_DATA.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher ids = ATTACHMENT_DATA.matcher(request.getRequestURI());
        ids.matches(); // true: shouldNotFilter let only attachment downloads through
        chain.doFilter(request, new NamedDownload(response, ids.group(1), ids.group(2)));
    }

    /** The header value for a file name as a person gave it: quoted, UTF-8 encoded, no control character. */
    static String contentDisposition(String name) {
        String safe = name.replaceAll("[\\p{Cntrl}]", "_").strip();
        return ContentDisposition.attachment().filename(safe.isEmpty() ? "preuve" : safe, StandardCharsets.UTF_8)
                .build().toString();
    }

    /** The response, its Content-Disposition added when the body starts, if the API answered 200. */
    private final class NamedDownload extends HttpServletResponseWrapper {

        private final String taskId;
        private final String attachmentId;
        private boolean named;

        NamedDownload(HttpServletResponse response, String taskId, String attachmentId) {
            super(response);
            this.taskId = taskId;
            this.attachmentId = attachmentId;
        }

        private void name() {
            if (named) {
                return;
            }
            named = true;
            if (getStatus() == SC_OK && !isCommitted() && !containsHeader(HttpHeaders.CONTENT_DISPOSITION)) {
                names.apply(taskId, attachmentId).ifPresent(name ->
                        setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(name)));
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            name();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            name();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            name();
            super.flushBuffer();
        }
    }
}
