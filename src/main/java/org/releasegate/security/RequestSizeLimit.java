package org.releasegate.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.releasegate.message.Messages;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than a limit with 413, before anything reads them whole: a declared
 * {@code Content-Length} over the limit is refused without reading a byte; a body without one (chunked) is counted
 * as it is read and the read fails as soon as the limit is passed. The REST APIs otherwise read a JSON body, base64
 * files included, whole into memory before any check of their own (the 20 MB limit of an evidence file, say).
 * <p>
 * Once the limit is passed, whatever the application then writes (its own error for the failed read) is discarded
 * and the 413 is sent instead.
 */
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final String refusal;

    public RequestSizeLimit(DataSize maxSize) {
        if (maxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("releasegate.http.max-request-size must be positive, not " + maxSize);
        }
        this.maxBytes = maxSize.toBytes();
        this.refusal = "{\"type\":\"RequestTooLarge\",\"message\":\""
                + Messages.text("api.request-too-large", readable(maxBytes)) + "\"}";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBytes);
        try {
            chain.doFilter(limited, new SilencedResponse(response, limited));
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.exceeded) {
                throw e;
            }
        }
        if (limited.exceeded) {
            if (response.isCommitted()) {
                logger.warn("Request body over " + maxBytes + " bytes on " + request.getRequestURI()
                        + ", but the response was already committed: no 413 sent");
                return;
            }
            response.reset();
            refuse(response);
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // The client may still be sending: close the connection rather than read the rest of a body refused.
        response.setHeader("Connection", "close");
        byte[] body = refusal.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String readable(long bytes) {
        long mb = 1024 * 1024;
        return bytes % mb == 0 ? Messages.text("api.size.megabytes", bytes / mb)
                : bytes % 1024 == 0 ? Messages.text("api.size.kilobytes", bytes / 1024)
                : Messages.text("api.size.bytes", bytes);
    }

    /** The request, its body counted as it is read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private volatile boolean exceeded;
        private ServletInputStream input;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new CountingInputStream(super.getInputStream());
            }
            return input;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }

        private final class CountingInputStream extends ServletInputStream {

            private final ServletInputStream in;
            private long read;

            CountingInputStream(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b != -1) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > maxBytes) {
                    exceeded = true;
                    throw new IOException("request body larger than " + maxBytes + " bytes");
                }
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }

    /** The response, deaf to everything the application writes once the request passed the limit. */
    private static final class SilencedResponse extends HttpServletResponseWrapper {

        private final LimitedRequest request;
        private ServletOutputStream output;
        private PrintWriter writer;

        SilencedResponse(HttpServletResponse response, LimitedRequest request) {
            super(response);
            this.request = request;
        }

        private boolean silenced() {
            return request.exceeded;
        }

        @Override
        public void setStatus(int status) {
            if (!silenced()) {
                super.setStatus(status);
            }
        }

        @Override
        public void sendError(int status) throws IOException {
            if (!silenced()) {
                super.sendError(status);
            }
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (!silenced()) {
                super.sendError(status, message);
            }
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            if (!silenced()) {
                super.sendRedirect(location);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!silenced()) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!silenced()) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setContentType(String type) {
            if (!silenced()) {
                super.setContentType(type);
            }
        }

        @Override
        public void setContentLength(int length) {
            if (!silenced()) {
                super.setContentLength(length);
            }
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!silenced()) {
                super.setContentLengthLong(length);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!silenced()) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (output == null) {
                ServletOutputStream real = super.getOutputStream();
                output = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        if (!silenced()) {
                            real.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        if (!silenced()) {
                            real.write(buffer, offset, length);
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        if (!silenced()) {
                            real.flush();
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        if (!silenced()) {
                            real.close();
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }
                };
            }
            return output;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                OutputStream out = getOutputStream();
                writer = new PrintWriter(new OutputStreamWriter(out, getCharacterEncoding() == null
                        ? StandardCharsets.ISO_8859_1 : Charset.forName(getCharacterEncoding())));
            }
            return writer;
        }
    }
}
