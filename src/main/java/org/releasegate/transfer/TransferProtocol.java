package org.releasegate.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The version of what crosses {@code /transfer/*} between an agent and the engine node: the orders, the answers'
 * frames, the endpoints. An agent sends it with every request ({@link EngineLink}); the engine node refuses a request
 * of another version (or of none: an agent older than this check) with 409 and a French reason, before it reaches a
 * controller — an agent not upgraded with the engine nodes fails its transfers saying so, rather than misreading an
 * order. Raise {@link #VERSION} with any change to what crosses that a node of the previous version would misread.
 */
public class TransferProtocol extends OncePerRequestFilter {

    public static final String HEADER = "Release-Gate-Transfer-Protocol";
    /** 2: the {@code installed-version} order and the restore's endpoints. */
    public static final String VERSION = "2";

    private static final Logger LOG = LoggerFactory.getLogger(TransferProtocol.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String spoken = request.getHeader(HEADER);
        if (VERSION.equals(spoken)) {
            chain.doFilter(request, response);
            return;
        }
        LOG.warn("{} {} refused: transfer protocol {} from {}, this node speaks {}", request.getMethod(),
                request.getRequestURI(), spoken, request.getRemoteUser(), VERSION);
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(Messages.text("transfer.api.protocol",
                spoken == null ? Messages.text("transfer.api.protocol.none")
                        : Messages.text("transfer.api.protocol.spoken", spoken), VERSION)
                .getBytes(StandardCharsets.UTF_8));
    }
}
