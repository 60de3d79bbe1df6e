package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;

/** The offline verifier accepts a report as it was made and names the first entry that was tampered with. */
class ReportVerifierTest {

    private final ReleaseRecord record = SampleRecords.release();
    private final String page = ReportPage.render(record);

    @Test
    void acceptsAnUntouchedPageAndItsRecord() {
        ReportVerifier.Result result = ReportVerifier.verify(bytes(page));
        assertThat(result.exitCode()).as(result.message()).isZero();
        assertThat(result.message()).startsWith("OK").contains(record.head()).contains(record.historyHash());
        assertThat(ReportVerifier.verify(bytes(RecordJson.write(record))).exitCode()).isZero();
    }

    @Test
    void rejectsAChangedCommentAndNamesItsEntry() {
        String escapedComment = RecordJson.write(record).lines().filter(line -> line.contains("pénalités n'apparaissent"))
                .findFirst().orElseThrow();
        String tampered = Tampering.replace(page, escapedComment, escapedComment.replace("n'apparaissent pas", "apparaissent"));

        ReportVerifier.Result result = ReportVerifier.verify(bytes(tampered));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).isEqualTo(
                "ALTÉRÉ : entrée n° 3 (verdict) : son contenu ne correspond plus à son empreinte (entrée modifiée)");
    }

    @Test
    void rejectsARemovedEntry() {
        ReportVerifier.Result result = ReportVerifier.verify(bytes(Tampering.removeEntry(page, 5)));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).isEqualTo("ALTÉRÉ : entrée n° 5 (evidence) : elle ne suit pas l'entrée qui la "
                + "précède (entrée retirée, ajoutée ou déplacée)");
    }

    @Test
    void rejectsReorderedEntries() {
        ReportVerifier.Result result = ReportVerifier.verify(bytes(Tampering.swapWithNext(page, 3)));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).startsWith("ALTÉRÉ : entrée n° 3 (verdict) : elle ne suit pas");
    }

    @Test
    void rejectsAPageWhoseVisibleTextNoLongerMatchesItsRecord() {
        String tampered = Tampering.replace(page, "Non conforme", "Conforme");
        ReportVerifier.Result result = ReportVerifier.verify(bytes(tampered));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).startsWith("ALTÉRÉ : la page ne correspond plus à son enregistrement, ligne ");
    }

    @Test
    void rejectsARecordCutShortAtTheEnd() {
        String cut = Tampering.removeLast(RecordJson.write(record), record.entries().size() - 1);
        ReportVerifier.Result result = ReportVerifier.verify(bytes(cut));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).contains("fin de l'enregistrement : le sceau manque");
    }

    @Test
    void saysSoWhenAFileHoldsNoRecord() {
        assertThat(ReportVerifier.verify(bytes("<html><body>rien</body></html>")).exitCode()).isEqualTo(2);
    }

    @Test
    void pageIsWellFormedXhtmlWithEveryUserTextEscaped() throws Exception {
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes(page)));
        assertThat(page).contains("&lt;/script&gt;&lt;b&gt;en gras&lt;/b&gt; &amp; co")
                .doesNotContain("</script><b>")
                .contains("\\u003C/script\\u003E");
        assertThat(page.indexOf("</script>")).isEqualTo(page.lastIndexOf("</script>"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
