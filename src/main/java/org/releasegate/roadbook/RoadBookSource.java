package org.releasegate.roadbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.releasegate.RejectedInputException;
import org.releasegate.inbox.Inbox;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where a release's road book comes from, in this order: a file uploaded with the start request (REST, a
 * {@code File} variable), text pasted in the start form (Markdown), or the {@code roadBook} field naming a file of
 * the inbox (read once, never through a link) or an http(s) URL. Every source goes through the same
 * {@link RoadBookReader} limits.
 * <p>
 * A URL is http or https, on a host of {@code releasegate.road-book.allowed-hosts} when that list is not empty; a
 * redirect is followed only to the same host, {@value #MAX_REDIRECTS} times at most, and the whole download,
 * redirects included, within {@code releasegate.road-book.download-timeout}.
 * <p>
 * With no allow-list, a host is asked only if none of the addresses it resolves to is the server itself or reserved
 * ({@link #isReserved}: loopback, link-local — cloud metadata —, wildcard, multicast), checked before the first
 * request and again before each redirect: a release manager must not make the server fetch its own actuator or the
 * cloud's metadata. Private networks stay allowed (road books are often on an intranet server). The HTTP client
 * resolves the host again when it connects, so a DNS server that answers differently the second time (DNS rebinding)
 * is a residual risk: set the allow-list to close it.
 */
@Component
public class RoadBookSource {

    /** Pasted text is read as Markdown, the format of the vendor's release notes. */
    static final String PASTED_NAME = "road-book-saisi.md";

    static final int MAX_REDIRECTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(RoadBookSource.class);

    /** fd00:ec2::254, the instance metadata service of AWS over IPv6. */
    private static final byte[] AWS_METADATA_IPV6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x02, 0x54};

    /** How a host name becomes addresses: DNS by default, a fixed answer in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private final Inbox inbox;
    private final RoadBookReader reader;
    private final HttpClient http;
    private final Duration timeout;
    private final Set<String> allowedHosts;
    private final Resolver resolver;

    @Autowired
    RoadBookSource(Inbox inbox, RoadBookReader reader, RoadBookProperties settings) {
        this(inbox, reader, settings.downloadTimeout(), settings.allowedHosts());
    }

    RoadBookSource(Inbox inbox, RoadBookReader reader, Duration timeout, List<String> allowedHosts) {
        this(inbox, reader, timeout, allowedHosts, InetAddress::getAllByName);
    }

    RoadBookSource(Inbox inbox, RoadBookReader reader, Duration timeout, List<String> allowedHosts,
                   Resolver resolver) {
        this.inbox = inbox;
        this.resolver = resolver;
        this.reader = reader;
        this.timeout = timeout;
        this.allowedHosts = allowedHosts.stream().map(String::strip).filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        // Redirects are followed by hand, to check where each one leads.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param uploadName    the uploaded file's name (its extension gives the format), or null
     * @param uploadContent the uploaded file, or null
     * @param pastedText    Markdown pasted in the start form, or null
     * @param reference     a file name in the inbox or an http(s) URL, or null
     * @throws RejectedInputException when no source is given, or the one given is unreadable or malformed
     */
    public RoadBook load(String uploadName, InputStream uploadContent, String pastedText, String reference)
            throws IOException {
        if (uploadContent != null) {
            return reader.read(uploadName == null ? "road-book.md" : uploadName, uploadContent);
        }
        if (pastedText != null && !pastedText.isBlank()) {
            return reader.read(PASTED_NAME, new ByteArrayInputStream(pastedText.getBytes(StandardCharsets.UTF_8)));
        }
        if (reference == null || reference.isBlank()) {
            throw new RejectedInputException(Messages.text("roadbook.none-given"));
        }
        String trimmed = reference.strip();
        if (trimmed.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            return download(trimmed);
        }
        try (InputStream content = inbox.open(trimmed)) {
            return reader.read(trimmed, content);
        }
    }

    private RoadBook download(String url) throws IOException {
        URI uri = checked(parse(url), url);
        Instant deadline = Instant.now().plus(timeout);
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(uri, deadline, url);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (isRedirect(status)) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new RejectedInputException(Messages.text("roadbook.url.too-many-redirects", url,
                                MAX_REDIRECTS));
                    }
                    uri = redirectTarget(uri, response, url);
                    continue;
                }
                if (status / 100 != 2) {
                    throw new RejectedInputException(Messages.text("roadbook.url.http-status", url, status));
                }
                return reader.read(fileName(uri), body);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, Instant deadline, String url) throws IOException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new HttpTimeoutException(Messages.text("roadbook.url.timeout", url, timeout.toSeconds()));
        }
        if (allowedHosts.isEmpty()) {
            checkNotReserved(uri.getHost());
        }
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(left).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Download of the road book " + url + " was interrupted", e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The redirect's target, only on the same host as the address that redirects. */
    private URI redirectTarget(URI from, HttpResponse<?> response, String url) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RejectedInputException(
                Messages.text("roadbook.url.redirect-without-location", url, response.statusCode())));
        URI target;
        try {
            target = checked(from.resolve(location.strip()), url);
        } catch (IllegalArgumentException e) {
            LOG.info("Road book {}: redirect to a malformed address {}: {}", url, location, e.toString());
            throw new RejectedInputException(Messages.text("roadbook.url.redirect-malformed", url));
        }
        if (!from.getHost().equalsIgnoreCase(target.getHost())) {
            throw new RejectedInputException(Messages.text("roadbook.url.redirect-other-host", url, target.getHost()));
        }
        return target;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            LOG.info("Road book address {} is malformed: {}", url, e.getMessage());
            throw new RejectedInputException(e.getIndex() < 0
                    ? Messages.text("roadbook.url.malformed", url)
                    : Messages.text("roadbook.url.malformed-at", url, e.getIndex() + 1));
        }
    }

    /** http or https with a host, on the allow-list when there is one. */
    private URI checked(URI uri, String url) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RejectedInputException(Messages.text("roadbook.url.scheme", url));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RejectedInputException(Messages.text("roadbook.url.no-host", url));
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new RejectedInputException(Messages.text("roadbook.url.host-not-allowed", uri.getHost()));
        }
        return uri;
    }

    /** Every address the host resolves to must be neither this server nor reserved (see the class comment). */
    private void checkNotReserved(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.addresses(name);
        for (InetAddress address : addresses) {
            if (isReserved(address)) {
                LOG.warn("Road book download from {} refused: it resolves to {} ({})", host, address.getHostAddress(),
                        Arrays.stream(addresses).map(InetAddress::getHostAddress).toList());
                throw new RejectedInputException(Messages.text("roadbook.url.reserved-address", host));
            }
        }
    }

    /**
     * The server itself (loopback, 0.0.0.0/8, the wildcard address), link-local addresses (169.254/16 and fe80::/10:
     * where clouds serve their metadata, also fd00:ec2::254), multicast and broadcast, also when an IPv6 address
     * carries an IPv4 one (::ffff:127.0.0.1). Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) are not
     * reserved.
     */
    static boolean isReserved(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return bytes[0] == 0 || Arrays.equals(bytes, new byte[] {-1, -1, -1, -1});
        }
        if (address instanceof Inet6Address) {
            boolean embedsIpv4 = true;
            for (int i = 0; i < 10; i++) {
                embedsIpv4 &= bytes[i] == 0;
            }
            if (embedsIpv4 && ((bytes[10] == -1 && bytes[11] == -1) || (bytes[10] == 0 && bytes[11] == 0))) {
                try {
                    return isReserved(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Arrays.equals(bytes, AWS_METADATA_IPV6);
        }
        return false;
    }

    /** The last path segment names the format ({@code …/notes-1.1.yaml}); a bare URL is read as Markdown. */
    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") ? last : "road-book.md";
    }
}
