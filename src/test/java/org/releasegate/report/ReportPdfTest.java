package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF is a real PDF of the page, and carries the record the verifier checks. */
class ReportPdfTest {

    private final ReleaseRecord record = SampleRecords.release();
    private final byte[] pdf = new ReportPdf().render(ReportPage.render(record), record);

    @Test
    void showsThePageAsTextAndCarriesTheRecord() throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Rapport de mise en production", "Version 1.1 — 02/03/2026 09:00",
                    "Vérifier le processus « Commande → livraison → facture »", "Non conforme",
                    "Contournement (mode alternatif)", "Mention ajoutée à la main");
            assertThat(document.getDocumentInformation().getCustomMetadataValue(ReportPdf.HEAD_METADATA))
                    .isEqualTo(record.head());
            PDComplexFileSpecification attached = document.getDocumentCatalog().getNames().getEmbeddedFiles()
                    .getNames().get(ReportPdf.RECORD_FILE);
            assertThat(new String(attached.getEmbeddedFile().toByteArray(), StandardCharsets.UTF_8))
                    .isEqualTo(RecordJson.write(record));
        }
    }

    @Test
    void verifierAcceptsThePdfAndRejectsItOnceItsRecordIsEdited() {
        ReportVerifier.Result result = ReportVerifier.verify(pdf);
        assertThat(result.exitCode()).as(result.message()).isZero();
        assertThat(result.message()).contains("PDF");

        byte[] tampered = new String(pdf, StandardCharsets.ISO_8859_1).replace("\"marie\"", "\"paulo\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(tampered).isNotEqualTo(pdf);
        ReportVerifier.Result broken = ReportVerifier.verify(tampered);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.message()).startsWith("ALTÉRÉ : entrée n° 0 (release)");
    }
}
