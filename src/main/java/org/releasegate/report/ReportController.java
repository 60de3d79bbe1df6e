package org.releasegate.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.api.ApiProblem;
import org.releasegate.api.NotFound;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Release reports: {@code /reports} lists releases, {@code /reports/{id}} shows one as a page, {@code .pdf} as a PDF,
 * {@code .html} downloads the page (keep it unchanged: the verifier compares it with its record). Behind HTTP basic
 * authentication ({@link ReportAuthentication}); only readers of the release policy's history get them. These are
 * pages for a browser: a refusal is the same problem as the API's ({@link org.releasegate.api}), shown as a page.
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
        Authentication reader = access.requireReader();
        String page = ReleaseListPage.render(access.asReport(reader, reports::releases), request.getContextPath(),
                clock.getZone());
        return ResponseEntity.ok().contentType(HTML).body(page);
    }

    @GetMapping("/reports/{processInstanceId}")
    ResponseEntity<String> page(@PathVariable String processInstanceId) {
        ReleaseRecord record = record(access.requireReader(), processInstanceId);
        return ResponseEntity.ok().contentType(HTML).body(reports.page(record));
    }

    @GetMapping("/reports/{processInstanceId}.html")
    ResponseEntity<String> download(@PathVariable String processInstanceId) {
        ReleaseRecord record = record(access.requireReader(), processInstanceId);
        return ResponseEntity.ok().contentType(HTML)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(processInstanceId, "html"))
                .body(reports.page(record));
    }

    @GetMapping("/reports/{processInstanceId}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String processInstanceId) {
        ReleaseRecord record = record(access.requireReader(), processInstanceId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("rapport-" + processInstanceId + ".pdf").build().toString())
                .body(reports.pdf(record));
    }

    /** The refusal as a page: its title and detail, with its status. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> refused(ApiProblem refusal) {
        ProblemDetail problem = refusal.problem();
        return ResponseEntity.status(problem.getStatus()).contentType(HTML)
                .body(message(problem.getTitle(), problem.getDetail()));
    }

    private ReleaseRecord record(Authentication reader, String processInstanceId) {
        return access.asReport(reader, () -> reports.record(processInstanceId, reader.getUserId()))
                .orElseThrow(() -> new NotFound("Aucune mise en production n'a l'identifiant « " + processInstanceId
                        + " »."));
    }

    private static String attachment(String processInstanceId, String extension) {
        return ContentDisposition.attachment().filename("rapport-" + processInstanceId + "." + extension).build().toString();
    }

    private static String message(String title, String text) {
        return new Xhtml().raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\">\n<head>\n")
                .raw("<meta charset=\"UTF-8\"/>\n").element("title", title).raw("</head>\n<body>\n")
                .element("h1", title).element("p", text).raw("</body>\n</html>\n").toString();
    }
}
