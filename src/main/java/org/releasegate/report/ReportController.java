package org.releasegate.report;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.api.ApiProblem;
import org.releasegate.api.NotFound;
import org.releasegate.message.Messages;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Release reports: {@code /reports/{id}} shows one as a page, {@code .pdf} as a PDF, {@code .html} downloads the page
 * (keep it unchanged: the verifier compares it with its record). Behind the webapps' login or HTTP basic
 * ({@link ReportAuthentication}); {@code /reports/{id}/journal-installation/{update}} downloads one install's whole
 * log. Only readers of the release policy's history get them. These are pages for a
 * browser: a refusal is the same problem as the API's ({@link org.releasegate.api}), shown as a page.
 */
@RestController
class ReportController {

    private static final MediaType HTML = RefusalPage.HTML;

    private final ReportAccess access;
    private final ReleaseReports reports;
    private final InstallLogs installLogs;

    ReportController(ReportAccess access, ReleaseReports reports, InstallLogs installLogs) {
        this.access = access;
        this.reports = reports;
        this.installLogs = installLogs;
    }

    /** The list of reports became the view of every release. */
    @GetMapping("/reports")
    ResponseEntity<Void> releases(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(request.getContextPath() + "/releases")).build();
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

    /** One install's whole log, as the report links it: for the readers of the report only. */
    @GetMapping("/reports/{processInstanceId}/journal-installation/{updateId}")
    ResponseEntity<byte[]> installLog(@PathVariable String processInstanceId, @PathVariable String updateId) {
        InstallLogs.Log log = access.asReport(access.requireReader(), () -> installLogs.find(processInstanceId, updateId))
                .orElseThrow(() -> new NotFound(Messages.text("report.install-log.not-found")));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(log.name())
                        .build().toString())
                .body(log.content());
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> refused(ApiProblem refusal) {
        return RefusalPage.of(refusal);
    }

    private ReleaseRecord record(Authentication reader, String processInstanceId) {
        return access.asReport(reader, () -> reports.record(processInstanceId, reader.getUserId()))
                .orElseThrow(() -> new NotFound(Messages.text("api.release-not-found", processInstanceId)));
    }

    private static String attachment(String processInstanceId, String extension) {
        return ContentDisposition.attachment().filename("rapport-" + processInstanceId + "." + extension).build().toString();
    }

}
