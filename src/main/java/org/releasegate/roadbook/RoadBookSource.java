package org.releasegate.roadbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.releasegate.RejectedInputException;
import org.releasegate.inbox.Inbox;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a release's road book comes from, in this order: a file uploaded with the start request (REST, a
 * {@code File} variable), text pasted in the start form (Markdown), or the {@code roadBook} field naming a file of
 * the inbox or an http(s) URL. Every source goes through the same {@link RoadBookReader} limits.
 */
@Component
public class RoadBookSource {

    /** Pasted text is read as Markdown, the format of the vendor's release notes. */
    static final String PASTED_NAME = "road-book-saisi.md";

    private final Inbox inbox;
    private final RoadBookReader reader;
    private final HttpClient http;
    private final Duration timeout;

    RoadBookSource(Inbox inbox, RoadBookReader reader,
                   @Value("${releasegate.road-book.download-timeout:30s}") Duration timeout) {
        this.inbox = inbox;
        this.reader = reader;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
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
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return download(trimmed);
        }
        return reader.read(inbox.resolve(trimmed));
    }

    private RoadBook download(String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RejectedInputException("Road book URL " + url + " is malformed: " + e.getReason());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Download of the road book " + url + " was interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new RejectedInputException("Road book URL " + url + " answered HTTP " + response.statusCode());
            }
            return reader.read(fileName(response.uri()), body);
        }
    }

    /** The last path segment names the format ({@code …/notes-1.1.yaml}); a bare URL is read as Markdown. */
    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") ? last : "road-book.md";
    }
}
