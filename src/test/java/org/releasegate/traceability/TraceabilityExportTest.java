package org.releasegate.traceability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.releasegate.verification.AttachedEvidence;
import org.releasegate.verification.Verdict;
import org.releasegate.verification.Verdict.ItemKind;
import org.releasegate.verification.Verdict.Outcome;
import org.releasegate.workaround.Workaround;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Each export of a traceability matrix, read back as the tool it is made for would read it. */
class TraceabilityExportTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant ROUND_1 = Instant.parse("2026-12-04T13:05:00Z");
    private static final String SHA = "a".repeat(64);
    private static final String HOSTILE = "=HYPERLINK(\"http://x\";\"clic\")";
    private static final String COMMENT = "Pénalités absentes ; voir « pied » <de> facture & \"devises\"\nsecond\u0007 ligne";

    private static final Workaround KEPT = new Workaround(7, "release-1", Workaround.Decision.FAILURE, "Version 1.1",
            "1.1", "GES-1101 (non conforme)", "Mention ajoutée à la main", LocalDate.of(2027, 3, 1), "marie",
            ROUND_1.plusSeconds(600), Workaround.Status.OPEN, null, null, null, null, null);

    private static final TraceabilityMatrix MATRIX = new TraceabilityMatrix("release-1", "Version 1.1 — 04/12/2026 14:05",
            "1.1", PARIS, List.of(
            row(1, ItemKind.CHANGE, "GES-1101", "Pénalités de retard", Outcome.KO, COMMENT,
                    List.of(new AttachedEvidence("att-1", "pied-de-facture.png", 2048, SHA)), null),
            row(1, ItemKind.STRATEGIC_PROCESS, "paie", "Paie", Outcome.OK, HOSTILE, List.of(), null),
            row(1, ItemKind.CHANGE, "GES-1102", "Export comptable", Outcome.BLOCKED, "Serveur de test arrêté", List.of(), null),
            row(2, ItemKind.CHANGE, "GES-1101", "Pénalités de retard", Outcome.KO, "Toujours absentes", List.of(), KEPT)),
            List.of());

    @Test
    void csvOpensInAFrenchExcelAndReadsBackCellForCell() throws Exception {
        byte[] csv = TraceabilityCsv.write(MATRIX);

        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8).substring(1);
        assertThat(text).startsWith("Tour;Type;Élément;").contains("\r\n");
        List<List<String>> lines = readCsv(text);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(TraceabilityMatrix.HEADERS);
        assertThat(lines.get(1)).containsExactly("1", "Évolution", "GES-1101 — Pénalités de retard", "", "Non conforme",
                COMMENT.replace('\u0007', '\u0007'), "theo", "04/12/2026 14:05:00", "pied-de-facture.png (2048 octets)",
                SHA, "");
        assertThat(lines.get(2).get(5)).as("a formula typed as a comment stays text").isEqualTo("'" + HOSTILE);
        assertThat(lines.get(4).get(10)).isEqualTo("n° 7 : Mention ajoutée à la main (revue le 2027-03-01, ouvert)");
    }

    @Test
    void workbookHasOneSheetWithNumbersDatesAndTexts() throws Exception {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(TraceabilityXlsx.write(MATRIX)))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(workbook.getFirstSheet().getName()).isEqualTo("Traçabilité");
            assertThat(rows).hasSize(5);
            assertThat(rows.get(0).getCellText(2)).isEqualTo("Élément");
            Row first = rows.get(1);
            assertThat(first.getCellAsNumber(0)).contains(BigDecimal.ONE);
            assertThat(first.getCellAsDate(7)).contains(LocalDateTime.of(2026, 12, 4, 14, 5));
            assertThat(first.getCellText(4)).isEqualTo("Non conforme");
            assertThat(first.getCellText(9)).isEqualTo(SHA);
            assertThat(rows.get(2).getCellText(5)).as("never a formula in a workbook cell").isEqualTo(HOSTILE);
            assertThat(rows.get(4).getCellText(10)).startsWith("n° 7 : Mention ajoutée à la main");
        }
    }

    @Test
    void junitXmlHasOneSuitePerRoundAndAFailureForEachKo() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(TraceabilityJUnit.write(MATRIX)));

        Element suites = xml.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("4");
        assertThat(suites.getAttribute("failures")).isEqualTo("2");
        assertThat(suites.getAttribute("skipped")).isEqualTo("1");
        NodeList rounds = suites.getElementsByTagName("testsuite");
        assertThat(rounds.getLength()).isEqualTo(2);
        Element round1 = (Element) rounds.item(0);
        assertThat(round1.getAttribute("name")).isEqualTo("Version 1.1 — 04/12/2026 14:05 — tour 1");
        assertThat(round1.getAttribute("timestamp")).isEqualTo("2026-12-04T14:05:00");
        assertThat(round1.getAttribute("tests")).isEqualTo("3");

        Element ko = (Element) round1.getElementsByTagName("testcase").item(0);
        assertThat(ko.getAttribute("classname")).isEqualTo("release-gate.evolution");
        assertThat(ko.getAttribute("name")).isEqualTo("GES-1101 — Pénalités de retard");
        Element failure = (Element) ko.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("Pénalités absentes ; voir « pied » <de> facture & \"devises\"")
                .doesNotContain("\u0007");
        assertThat(failure.getTextContent()).contains("second");
        assertThat(properties(ko)).contains("verifie_par=theo", "verifie_le=04/12/2026 14:05:00",
                "preuve=pied-de-facture.png (2048 octets) SHA-256 " + SHA);

        Element process = (Element) round1.getElementsByTagName("testcase").item(1);
        assertThat(process.getAttribute("classname")).isEqualTo("release-gate.processus-strategique");
        assertThat(process.getAttribute("name")).isEqualTo("paie — Paie");
        assertThat(process.getElementsByTagName("failure").getLength()).isZero();
        Element blocked = (Element) round1.getElementsByTagName("testcase").item(2);
        assertThat(((Element) blocked.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("Bloqué : Serveur de test arrêté");
        Element round2 = (Element) ((Element) rounds.item(1)).getElementsByTagName("testcase").item(0);
        assertThat(properties(round2)).contains("contournement=n° 7 : Mention ajoutée à la main (revue le 2027-03-01, ouvert)");
    }

    @Test
    void fileNamesKeepTheBusinessKeyWithoutAnythingAFileSystemOrMailerWouldChoke() {
        assertThat(ExportFileName.of(MATRIX, "csv")).isEqualTo("tracabilite-version-1.1-04-12-2026-14-05.csv");
        assertThat(ExportFileName.of(matrixNamed("../../etc/passwd"), "xlsx")).isEqualTo("tracabilite-etc-passwd.xlsx");
        assertThat(ExportFileName.of(matrixNamed("\"; rm -rf / ; «é»"), "xml")).isEqualTo("tracabilite-rm-rf-e.xml");
        assertThat(ExportFileName.of(matrixNamed("«»"), "csv")).isEqualTo("tracabilite-release-1.csv");
        assertThat(ExportFileName.of(matrixNamed(null), "csv")).isEqualTo("tracabilite-release-1.csv");
        assertThat(ExportFileName.of(matrixNamed("x".repeat(300)), "csv")).hasSize("tracabilite-.csv".length() + 80);
    }

    private static TraceRow row(int round, ItemKind kind, String id, String title, Outcome outcome, String comment,
                                List<AttachedEvidence> evidence, Workaround workaround) {
        return new TraceRow(round, kind, id, null, title, outcome, comment, "theo",
                ROUND_1.plusSeconds(round == 1 ? 0 : 3600), evidence, workaround);
    }

    private static TraceabilityMatrix matrixNamed(String name) {
        return new TraceabilityMatrix("release-1", name, "1.1", PARIS, List.of(), List.of());
    }

    private static List<List<String>> readCsv(String text) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
             MappingIterator<List<String>> lines = mapper.readerForListOf(String.class)
                     .with(CsvSchema.emptySchema().withColumnSeparator(';')).readValues(reader)) {
            return lines.readAll();
        }
    }

    private static List<String> properties(Element testcase) {
        NodeList properties = testcase.getElementsByTagName("property");
        return java.util.stream.IntStream.range(0, properties.getLength()).mapToObj(i -> (Element) properties.item(i))
                .map(property -> property.getAttribute("name") + "=" + property.getAttribute("value")).toList();
    }
}
