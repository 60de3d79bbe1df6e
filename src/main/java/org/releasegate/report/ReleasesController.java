package org.releasegate.report;

import java.time.Clock;
import java.util.function.Function;

import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.api.ApiProblem;
import org.releasegate.api.NotFound;
import org.releasegate.message.Messages;
import org.releasegate.traceability.ExportFileName;
import org.releasegate.traceability.Traceability;
import org.releasegate.traceability.TraceabilityCsv;
import org.releasegate.traceability.TraceabilityJUnit;
import org.releasegate.traceability.TraceabilityMatrix;
import org.releasegate.traceability.TraceabilityXlsx;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The view of every release ({@code /releases}), the page of one ({@code /releases/{id}}) and its traceability matrix
 * as CSV, Excel and JUnit XML ({@code /releases/{id}/tracabilite.csv|.xlsx|.xml}). Same login and same readers as the
 * reports ({@link ReportAuthentication}, {@link ReportAccess}); once allowed, the reader sees every task and verdict
 * of the release, whichever group holds it.
 */
@RestController
class ReleasesController {

    private final ReportAccess access;
    private final ReleaseOverview overview;
    private final Traceability traceability;
    private final Clock clock;

    ReleasesController(ReportAccess access, ReleaseOverview overview, Traceability traceability, Clock clock) {
        this.access = access;
        this.overview = overview;
        this.traceability = traceability;
        this.clock = clock;
    }

    @GetMapping("/releases")
    ResponseEntity<String> releases(HttpServletRequest request) {
        Authentication reader = access.requireReader();
        return ResponseEntity.ok().contentType(RefusalPage.HTML)
                .body(ReleasesPage.render(access.asReport(reader, overview::latest), request.getContextPath(), pages()));
    }

    @GetMapping("/releases/{releaseId}")
    ResponseEntity<String> release(@PathVariable String releaseId, HttpServletRequest request) {
        Authentication reader = access.requireReader();
        ReleaseStatus status = access.asReport(reader, () -> overview.of(releaseId)).orElseThrow(() -> unknown(releaseId));
        TraceabilityMatrix matrix = matrix(reader, releaseId);
        return ResponseEntity.ok().contentType(RefusalPage.HTML)
                .body(ReleasePage.render(status, matrix, request.getContextPath(), pages()));
    }

    @GetMapping("/releases/{releaseId}/tracabilite.csv")
    ResponseEntity<byte[]> csv(@PathVariable String releaseId) {
        return export(releaseId, "csv", TraceabilityCsv.MEDIA_TYPE, TraceabilityCsv::write);
    }

    @GetMapping("/releases/{releaseId}/tracabilite.xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable String releaseId) {
        return export(releaseId, "xlsx", TraceabilityXlsx.MEDIA_TYPE, TraceabilityXlsx::write);
    }

    @GetMapping("/releases/{releaseId}/tracabilite.xml")
    ResponseEntity<byte[]> junit(@PathVariable String releaseId) {
        return export(releaseId, "xml", TraceabilityJUnit.MEDIA_TYPE, TraceabilityJUnit::write);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> refused(ApiProblem refusal) {
        return RefusalPage.of(refusal);
    }

    private ResponseEntity<byte[]> export(String releaseId, String extension, String mediaType,
                                          Function<TraceabilityMatrix, byte[]> format) {
        TraceabilityMatrix matrix = matrix(access.requireReader(), releaseId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(mediaType))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(ExportFileName.of(matrix, extension)).build().toString())
                .body(format.apply(matrix));
    }

    private TraceabilityMatrix matrix(Authentication reader, String releaseId) {
        return access.asReport(reader, () -> traceability.of(releaseId)).orElseThrow(() -> unknown(releaseId));
    }

    private ReleasePages pages() {
        return new ReleasePages(clock.getZone(), clock.instant());
    }

    private static NotFound unknown(String releaseId) {
        return new NotFound(Messages.text("api.release-not-found", releaseId));
    }
}
