package org.releasegate.roadbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.releasegate.RejectedInputException;
import org.releasegate.inbox.Inbox;
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
 */
@Component
public class RoadBookSource {

    /** Pasted text is read as Markdown, the format of the vendor's release notes. */
    static final String PASTED_NAME = "road-book-saisi.md";

    static final int MAX_REDIRECTS = 3;

    private final Inbox inbox;
    private final RoadBookReader reader;
    private final HttpClient http;
    private final Duration timeout;
    private final Set<String> allowedHosts;

    @Autowired
    RoadBookSource(Inbox inbox, RoadBookReader reader, RoadBookProperties settings) {
        this(inbox, reader, settings.downloadTimeout(), settings.allowedHosts());
    }

    RoadBookSource(Inbox inbox, RoadBookReader reader, Duration timeout, List<String> allowedHosts) {
        this.inbox = inbox;
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
            throw new RejectedInputException("No road book given: name a file of the inbox or a URL, paste its text,"
                    + " or upload it with the start request");
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
                        throw new RejectedInputException("Le carnet de route " + url + " n'a pas été téléchargé : plus"
                                + " de " + MAX_REDIRECTS + " redirections.");
                    }
                    uri = redirectTarget(uri, response, url);
                    continue;
                }
                if (status / 100 != 2) {
                    throw new RejectedInputException("Le carnet de route " + url + " n'a pas été téléchargé : le"
                            + " serveur a répondu HTTP " + status + ".");
                }
                return reader.read(fileName(uri), body);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, Instant deadline, String url) throws IOException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new HttpTimeoutException("Download of the road book " + url + " took longer than " + timeout);
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
                "Le carnet de route " + url + " n'a pas été téléchargé : redirection sans adresse (HTTP "
                        + response.statusCode() + ")."));
        URI target;
        try {
            target = checked(from.resolve(location.strip()), url);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException("Le carnet de route " + url + " n'a pas été téléchargé : redirection vers"
                    + " une adresse invalide.");
        }
        if (!from.getHost().equalsIgnoreCase(target.getHost())) {
            throw new RejectedInputException("Le carnet de route " + url + " n'a pas été téléchargé : il redirige vers"
                    + " un autre serveur (" + target.getHost() + "). Indiquez directement l'adresse finale.");
        }
        return target;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new RejectedInputException("L'adresse du carnet de route " + url + " est mal formée : "
                    + e.getReason() + ".");
        }
    }

    /** http or https with a host, on the allow-list when there is one. */
    private URI checked(URI uri, String url) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RejectedInputException("L'adresse du carnet de route " + url + " n'est pas acceptée : seules"
                    + " les adresses http:// et https:// le sont.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RejectedInputException("L'adresse du carnet de route " + url + " ne nomme aucun serveur.");
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new RejectedInputException("Le carnet de route ne peut pas être téléchargé depuis " + uri.getHost()
                    + " : ce serveur n'est pas dans la liste des serveurs autorisés"
                    + " (releasegate.road-book.allowed-hosts).");
        }
        return uri;
    }

    /** The last path segment names the format ({@code …/notes-1.1.yaml}); a bare URL is read as Markdown. */
    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") ? last : "road-book.md";
    }
}
