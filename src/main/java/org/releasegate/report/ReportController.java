package org.releasegate.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Release reports: {@code /reports} lists releases, {@code /reports/{id}} shows one as a page, {@code .pdf} as a PDF,
 * {@code .html} downloads the page (keep it unchanged: the verifier compares it with its record). Behind HTTP basic
 * authentication ({@link ReportAuthentication}); only readers of the release policy's history get them.
 */
@RestController
class ReportController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final ReportAccess access;
    private final ReleaseReports reports;
    private final Clock clock;

    ReportController(ReportAccess access, ReleaseReports reports, Clock clock) {
        this.access = access;
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/reports")
    ResponseEntity<String> releases(HttpServletRequest request) {
        Optional<Authentication> reader = access.reader();
        if (reader.isEmpty()) {
            return denied();
        }
        String page = ReleaseListPage.render(access.asReport(reader.get(), reports::releases), request.getContextPath(),
                clock.getZone());
        return ResponseEntity.ok().contentType(HTML).body(page);
    }

    @GetMapping("/reports/{processInstanceId}")
    ResponseEntity<?> page(@PathVariable String processInstanceId) {
        return report(processInstanceId, record -> ResponseEntity.ok().contentType(HTML).body(reports.page(record)));
    }

    @GetMapping("/reports/{processInstanceId}.html")
    ResponseEntity<?> download(@PathVariable String processInstanceId) {
        return report(processInstanceId, record -> ResponseEntity.ok().contentType(HTML)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(processInstanceId, "html"))
                .body(reports.page(record)));
    }

    @GetMapping("/reports/{processInstanceId}.pdf")
    ResponseEntity<?> pdf(@PathVariable String processInstanceId) {
        return report(processInstanceId, record -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("rapport-" + processInstanceId + ".pdf").build().toString())
                .body(reports.pdf(record)));
    }

    private ResponseEntity<?> report(String processInstanceId, Function<ReleaseRecord, ResponseEntity<?>> response) {
        Optional<Authentication> reader = access.reader();
        if (reader.isEmpty()) {
            return denied();
        }
        Optional<ReleaseRecord> record = access.asReport(reader.get(),
                () -> reports.record(processInstanceId, reader.get().getUserId()));
        if (record.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(HTML)
                    .body(message("Rapport introuvable", "Aucune mise en production n'a l'identifiant « "
                            + processInstanceId + " »."));
        }
        return response.apply(record.get());
    }

    private static String attachment(String processInstanceId, String extension) {
        return ContentDisposition.attachment().filename("rapport-" + processInstanceId + "." + extension).build().toString();
    }

    private static ResponseEntity<String> denied() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(HTML).body(message("Accès refusé",
                "Les rapports de mise en production sont réservés à qui peut consulter l'historique de la politique "
                        + "de mise en production (responsables de mise en production, exploitation, administrateurs)."));
    }

    private static String message(String title, String text) {
        return new Xhtml().raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\">\n<head>\n")
                .raw("<meta charset=\"UTF-8\"/>\n").element("title", title).raw("</head>\n<body>\n")
                .element("h1", title).element("p", text).raw("</body>\n</html>\n").toString();
    }
}
