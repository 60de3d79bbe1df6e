package org.releasegate.report;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** Makes the records, pages and PDFs of releases. */
@Service
class ReleaseReports {

    private final ReleaseHistory history;
    private final ReportPdf pdf;
    private final Clock clock;

    ReleaseReports(ReleaseHistory history, ReportPdf pdf, Clock clock) {
        this.history = history;
        this.pdf = pdf;
        this.clock = clock;
    }

    /** The sealed record of a release, made now for this reader; empty if no release has this id. */
    Optional<ReleaseRecord> record(String processInstanceId, String reader) {
        return history.facts(processInstanceId)
                .map(facts -> ReleaseRecord.seal(processInstanceId, facts, clock.instant(), reader, clock.getZone()));
    }

    String page(ReleaseRecord record) {
        return ReportPage.render(record);
    }

    byte[] pdf(ReleaseRecord record) {
        return pdf.render(ReportPage.render(record), record);
    }
}
