package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.entry;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.e2e.ReleaseSteps;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The report of a whole release of the demo — a defect, an urgent fix, a second defect kept with a workaround,
 * the final acceptance by a second release manager — read back from the pages the application serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseReportTest extends IntegrationTest {

    static final String FIRST_KO = "Les pénalités de retard n'apparaissent pas en pied de facture";
    static final String SECOND_KO = "Toujours absentes sur les factures en devises <USD> & <CHF>";
    static final String WORKAROUND = "Mention ajoutée à la main sur les factures en devises";
    static final String REVIEW_DATE = java.time.LocalDate.now().plusMonths(3).toString();
    static final byte[] EVIDENCE = "capture d'écran : pied de facture sans pénalités".getBytes(StandardCharsets.UTF_8);


    String releaseId;
    String page;
    ReleaseRecord record;
    /** The exports as read right after the walk (IntegrationTest empties the workaround register after each test). */
    Response csv;
    byte[] xlsx;
    byte[] junit;
    String releasePage;

    @BeforeAll
    void walkARelease() throws Exception {
        startFromTheDemoAsOnFirstStart();
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");

        List<Task> changes = steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        Task penalties = changes.get(0);
        assertThat(penalties.getName()).startsWith("Vérifier GES-1101");
        taskService.createAttachment("image/png", penalties.getId(), releaseId, "pied-de-facture.png",
                "Pied de facture sans mention", new ByteArrayInputStream(EVIDENCE));
        steps.complete("theo", penalties, with(VERDICT, "KO").and(COMMENT, FIRST_KO));
        steps.complete("theo", changes.get(1), with(VERDICT, "OK"));
        steps.complete("theo", changes.get(2), with(VERDICT, "OK"));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));
        steps.completeEach(releaseId, "marie", Elements.DECIDE_ON_FAILURE, 1,
                with(FAILURE_DECISION, Choices.URGENT_FIX).and(DECISION_COMMENT, "Correctif demandé (ticket 4711)"));
        steps.completeEach(releaseId, "marie", Elements.PROVIDE_CORRECTED_INSTALLER, 1,
                with(INSTALLER_PACKAGE, "gestan-1.1.zip").and(TARGET_VERSION, "1.1").and(FIX_REFERENCE, "CORR-4711"));
        steps.completeEach(releaseId, "theo", Elements.VERIFY_CHANGE, 1, with(VERDICT, "KO").and(COMMENT, SECOND_KO));
        steps.completeEach(releaseId, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3, with(VERDICT, "OK"));

        Task decision = steps.waitForTasks(releaseId, Elements.DECIDE_ON_FAILURE, 1).get(0);
        Incident incident = runtimeService.createIncident("release-gate-test", decision.getExecutionId(), "test",
                "Serveur de test injoignable (simulé)");
        runtimeService.resolveIncident(incident.getId());
        steps.complete("marie", decision, with(FAILURE_DECISION, Choices.WORKAROUND)
                .and(DECISION_COMMENT, "Impact limité aux devises").and(WORKAROUND_DESCRIPTION, WORKAROUND)
                .and(WORKAROUND_REVIEW_DATE, REVIEW_DATE));
        // As Tasklist does, the acceptance form sends back the read-only fields it shows.
        steps.completeEach(releaseId, "paul", Elements.FINAL_ACCEPTANCE, 1,
                with(ACCEPTANCE_DECISION, Choices.ACCEPTED)
                .and(ACCEPTANCE_COMMENT, "Recette prononcée avec le contournement")
                .and(WORKAROUND_DESCRIPTION, WORKAROUND).and(TARGET_VERSION, "1.1"));
        steps.completeEach(releaseId, "olivia", Elements.CONFIRM_PRODUCTION, 1,
                with(PRODUCTION_VERDICT, Choices.PRODUCTION_OK).and(PRODUCTION_COMMENT, "Factures et paie vérifiées"));
        ReleaseSteps.waitFor(() -> historyService.createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                .finished().singleResult());

        Response response = get("marie", "/reports/" + releaseId);
        assertThat(response.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(response.header("Content-Type")).isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        page = response.body();
        String exports = "/releases/" + releaseId + "/tracabilite";
        csv = get("marie", exports + ".csv");
        xlsx = get("marie", exports + ".xlsx").bytes();
        junit = get("marie", exports + ".xml").bytes();
        releasePage = get("olivia", "/releases/" + releaseId).body();
        record = RecordJson.toRecord(ReportVerifier.record(page.getBytes(StandardCharsets.UTF_8)).orElseThrow());
    }

    @AfterAll
    void putTheDemoBack() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void timelineListsEveryStepWithWhoAndWhen() {
        List<HistoricActivityInstance> steps = historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(releaseId).orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence()
                .asc().list().stream().filter(activity -> !activity.getActivityType().endsWith("Gateway")
                        && !activity.getActivityType().equals(ActivityTypes.MULTI_INSTANCE_BODY)).toList();
        List<Entry> timeline = record.all(EntryKind.STEP);

        assertThat(timeline).extracting(step -> step.field(Fields.ACTIVITY_ID))
                .containsExactlyElementsOf(steps.stream().map(HistoricActivityInstance::getActivityId).toList());
        assertThat(timeline).allSatisfy(step -> assertThat(step.fields()).containsKeys(Fields.BY, Fields.STARTED_AT,
                Fields.ENDED_AT, Fields.DURATION_MS));
        Map<String, Set<String>> whoDidWhat = Map.of(
                Elements.START, Set.of("marie"),
                Elements.VERIFY_CHANGE, Set.of("theo"),
                Elements.VERIFY_STRATEGIC_PROCESS, Set.of("karim"),
                Elements.DECIDE_ON_FAILURE, Set.of("marie"),
                Elements.PROVIDE_CORRECTED_INSTALLER, Set.of("marie"),
                Elements.FINAL_ACCEPTANCE, Set.of("paul"),
                Elements.CONFIRM_PRODUCTION, Set.of("olivia"),
                Elements.INSTALL_ON_TEST, Set.of(ReportLabels.AUTOMATED),
                Elements.ARCHIVE_PRODUCTION_DATA, Set.of(ReportLabels.AUTOMATED),
                Elements.INSTALL_IN_PRODUCTION, Set.of(ReportLabels.AUTOMATED));
        whoDidWhat.forEach((activityId, people) -> assertThat(timeline)
                .filteredOn(step -> activityId.equals(step.field(Fields.ACTIVITY_ID)))
                .as(activityId).isNotEmpty().extracting(step -> step.field(Fields.BY)).containsOnlyElementsOf(people));
        assertThat(timeline).filteredOn(step -> Elements.INSTALL_ON_TEST.equals(step.field(Fields.ACTIVITY_ID))).hasSize(2);

        assertThat(page).contains("<td>Prononcer la recette définitive</td>\n<td class=\"by\">paul</td>")
                .contains("Vérifier GES-1101 — Mention des pénalités de retard en pied de facture</td>\n<td class=\"by\">theo</td>")
                .contains("Version en production")
                .contains("Incidents").contains("Serveur de test injoignable (simulé)").contains("résolu");
    }

    @Test
    void verdictsAppearWithTheirCommentsRoundByRound() {
        assertThat(record.all(EntryKind.VERDICT)).as("3 changes and 3 processes, then the failed change and 3 processes")
                .hasSize(10);
        assertThat(record.all(EntryKind.VERDICT)).filteredOn(verdict -> "KO".equals(verdict.field(Fields.VERDICT)))
                .extracting(verdict -> verdict.field(Fields.ROUND), verdict -> verdict.field(Fields.BY),
                        verdict -> verdict.field(Fields.COMMENT))
                .containsExactly(tuple("1", "theo", FIRST_KO),
                        tuple("2", "theo", SECOND_KO));
        assertThat(page).contains(FIRST_KO.replace("'", "&#39;"))
                .contains("Toujours absentes sur les factures en devises &lt;USD&gt; &amp; &lt;CHF&gt;")
                .contains("Non conforme").contains("Conforme").contains("Processus stratégique « Paie »");

        Entry attachment = record.all(EntryKind.ATTACHMENT).get(0);
        assertThat(attachment.field(Fields.NAME)).isEqualTo("pied-de-facture.png");
        assertThat(attachment.field(Fields.SIZE)).isEqualTo(String.valueOf(EVIDENCE.length));
        assertThat(attachment.field(Fields.SHA256)).isEqualTo(RecordJson.sha256(EVIDENCE));
        assertThat(page).contains("pied-de-facture.png").contains(RecordJson.sha256(EVIDENCE));
    }

    @Test
    void everyDecisionAppearsWithItsReasonAndWhoTookIt() {
        assertThat(record.all(EntryKind.DECISION))
                .extracting(decision -> decision.field(Fields.STEP), decision -> decision.field(Fields.BY))
                .containsExactly(
                        tuple("Décider suite aux anomalies", "marie"),
                        tuple("Déposer le programme d'installation corrigé", "marie"),
                        tuple("Décider suite aux anomalies", "marie"),
                        tuple("Prononcer la recette définitive", "paul"),
                        tuple("Vérifier la production", "olivia"));
        List<Entry> decisions = record.all(EntryKind.DECISION);
        assertThat(decisions.get(0).fields()).contains(entry(FAILURE_DECISION, Choices.URGENT_FIX))
                .contains(entry(DECISION_COMMENT, "Correctif demandé (ticket 4711)"));
        assertThat(decisions.get(1).fields()).contains(entry(FIX_REFERENCE, "CORR-4711"));
        assertThat(decisions.get(2).fields()).contains(entry(FAILURE_DECISION, Choices.WORKAROUND))
                .contains(entry(WORKAROUND_DESCRIPTION, WORKAROUND))
                .contains(entry(WORKAROUND_REVIEW_DATE, REVIEW_DATE));
        assertThat(decisions.get(3).fields()).as("read-only fields sent back unchanged are not paul's decision")
                .contains(entry(ACCEPTANCE_DECISION, Choices.ACCEPTED))
                .doesNotContainKeys(WORKAROUND_DESCRIPTION.name(), TARGET_VERSION.name());
        assertThat(page).contains("Décision : Correction urgente demandée à l'éditeur".replace("'", "&#39;"))
                .contains("Décision : Contournement (mode alternatif)\nMotif : Impact limité aux devises\nContournement : " + WORKAROUND
                        + "\nDate de revue du contournement : " + REVIEW_DATE)
                .contains("Recette définitive : Prononcée\nCommentaire : Recette prononcée avec le contournement");
    }

    @Test
    void archivesVersionsAndChecksumsAreThoseOfTheRelease() {
        Entry release = record.release();
        assertThat(release.fields()).containsEntry(Fields.NAME, businessKey()).containsEntry(Fields.STARTED_BY, "marie")
                .containsEntry(Fields.OUTCOME, "Version en production").contains(entry(PRODUCTION_VERSION, "1.1"));
        for (String variable : List.of(PREVIOUS_PRODUCTION_VERSION.name(), INSTALLER_SHA256.name(), DATA_ARCHIVE_ID.name(),
                DATA_ARCHIVE_SHA256.name(), INSTALLER_ARCHIVE_ID.name(), INSTALLER_ARCHIVE_SHA256.name())) {
            String value = (String) historyService.createHistoricVariableInstanceQuery().processInstanceId(releaseId)
                    .variableName(variable).singleResult().getValue();
            assertThat(release.field(variable)).as(variable).isEqualTo(value);
            assertThat(page).as(variable).contains(value);
        }
        assertThat(page).contains("<th>Version en production après</th>\n<td>1.1</td>")
                .contains("<th>SHA-256 du programme testé</th>\n<td class=\"hash\">" + release.field(INSTALLER_SHA256.name()));
        assertThat(record.all(EntryKind.EVIDENCE)).extracting(result -> result.field(Fields.STEP))
                .contains("Archiver les données de production", "Archiver le programme d'installation");
    }

    @Test
    void pdfIsARealPdfOfTheReportAndCarriesItsRecord() throws Exception {
        Response response = get("marie", "/reports/" + releaseId + ".pdf");
        assertThat(response.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(response.header("Content-Type"))).isEqualTo(MediaType.APPLICATION_PDF);
        byte[] pdf = response.bytes();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.write(tmp.resolve("release-report.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            String words = text.replaceAll("\\s+", " ");
            assertThat(words).contains("Rapport de mise en production", businessKey(), "Prononcer la recette définitive",
                    "paul", FIRST_KO, WORKAROUND, "Version en production");
            assertThat(text.replaceAll("\\s+", "")).contains(record.release().field(DATA_ARCHIVE_SHA256.name()));
            ImageIO.write(new PDFRenderer(document).renderImageWithDPI(0, 110), "png", tmp.resolve("release-report-page1.png").toFile());
        }
        ReportVerifier.Result result = ReportVerifier.verify(pdf);
        assertThat(result.exitCode()).as(result.message()).isZero();
    }

    @Test
    void verifierCommandAcceptsTheServedReportAndRejectsTamperedOnes() throws Exception {
        Path html = Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "release-report.html"), page);
        assertThat(verifierCommand(html)).startsWith("0 OK : rapport intègre — « " + businessKey() + " »");

        Entry firstKo = record.all(EntryKind.VERDICT).stream().filter(verdict -> FIRST_KO.equals(verdict.field(Fields.COMMENT)))
                .findFirst().orElseThrow();
        String denial = "Les pénalités apparaissent bien";
        String changedOnPage = Tampering.replace(page, Xhtml.escape(FIRST_KO), Xhtml.escape(denial));
        String changedEverywhere = Tampering.replace(changedOnPage, "\"" + FIRST_KO + "\"", "\"" + denial + "\"");
        Path tampered = Files.writeString(Files.createTempFile("rapport-altere", ".html"), changedEverywhere);
        assertThat(verifierCommand(tampered)).isEqualTo("1 ALTÉRÉ : entrée n° " + firstKo.seq()
                + " (verdict) : son contenu ne correspond plus à son empreinte (entrée modifiée)");

        assertThat(verify(Tampering.removeEntry(page, firstKo.seq())))
                .startsWith("ALTÉRÉ : entrée n° " + firstKo.seq() + " (verdict) : elle ne suit pas");
        assertThat(verify(Tampering.swapWithNext(page, firstKo.seq())))
                .startsWith("ALTÉRÉ : entrée n° " + firstKo.seq() + " (verdict) : elle ne suit pas");
        assertThat(verify(changedOnPage)).startsWith("ALTÉRÉ : la page ne correspond plus à son enregistrement");
    }

    @Test
    void everyReportOfAFinishedReleaseHasTheSameHistoryHash() throws Exception {
        String again = get("olivia", "/reports/" + releaseId).body();
        ReleaseRecord second = RecordJson.toRecord(ReportVerifier.record(again.getBytes(StandardCharsets.UTF_8)).orElseThrow());

        assertThat(second.historyHash()).isEqualTo(record.historyHash());
        assertThat(second.head()).as("sealed by another reader").isNotEqualTo(record.head());
        assertThat(second.seal().field(Fields.GENERATED_BY)).isEqualTo("olivia");
    }

    @Test
    void onlyReadersOfTheReleaseHistoryGetReports() {
        String report = "/reports/" + releaseId;
        String view = "/releases/" + releaseId;
        for (String path : List.of("/releases", report, report + ".pdf", view, view + "/tracabilite.csv",
                view + "/tracabilite.xlsx", view + "/tracabilite.xml")) {
            assertThat(client.get(path).status()).as("anonymous " + path).isEqualTo(401);
            assertThat(get("theo", path).status()).as("theo " + path).isEqualTo(403);
            assertThat(get("karim", path).status()).as("karim " + path).isEqualTo(403);
        }
        for (String path : List.of("/releases", report, view, view + "/tracabilite.csv")) {
            assertThat(get("marie", path).status()).as("marie " + path).isEqualTo(200);
            assertThat(get("olivia", path).status()).as("olivia " + path).isEqualTo(200);
        }
        assertThat(get("theo", "/releases").body()).contains("Accès refusé");
        assertThat(get("marie", "/reports/no-such-release").status()).isEqualTo(404);
        assertThat(get("marie", "/releases/no-such-release").status()).isEqualTo(404);
        assertThat(get("marie", "/releases/%3Cb%3Ex/tracabilite.csv").body())
                .contains("&lt;b&gt;x").doesNotContain("<b>");
    }

    @Test
    void theReportLinksEachInstallsWholeLogAndServesItToItsReadersOnly() throws Exception {
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("<a href=\"(/reports/" + releaseId
                + "/journal-installation/[^\"]+)\" class=\"install-log\">Télécharger le journal complet de "
                + "l&#39;installation</a>").matcher(page);
        List<String> links = link.results().map(found -> found.group(1)).toList();
        assertThat(links).as("the test install's and production's (the corrected installer finds test's data migrated "
                + "already and writes no log), each its own").hasSize(2).doesNotHaveDuplicates();

        for (String address : links) {
            Response log = get("olivia", address);
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
            String name = ContentDisposition.parse(log.header("Content-Disposition")).getFilename();
            assertThat(name).matches("install-1\\.1-[\\w-]+\\.log");
            Path file = Stream.of("test", "production").map(environment -> HOME.resolve("demo/" + environment + "/app"))
                    .filter(root -> Files.exists(root.resolve("logs").resolve(name))).findFirst().orElseThrow();
            String onServer = Files.readString(file.resolve("logs").resolve(name));
            String asPeopleReadIt = Stream.of(onServer.split("\n", -1)).filter(line -> !line.startsWith("# "))
                    .map(line -> line.replace(file.toAbsolutePath().normalize() + "/", ""))
                    .collect(java.util.stream.Collectors.joining("\n"));
            assertThat(new String(log.bytes(), StandardCharsets.UTF_8))
                    .as("the log as written, without Release Gate's own lines (« # »), its install root « . »")
                    .isEqualTo(asPeopleReadIt).contains("Migration 1.0 → 1.1")
                    .doesNotContain(HOME.toString()).isNotBlank();

            Response refused = get("theo", address);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("Les rapports de mise en production sont réservés à qui peut consulter "
                    + "l&#39;historique").doesNotContain("journal");
            assertThat(client.get(address).status()).as("anonymous").isEqualTo(401);
            assertThat(get("marie", address.replace(releaseId, "autre-release")).status())
                    .as("an install log is only found through its own release").isEqualTo(404);
        }
        assertThat(get("marie", "/reports/" + releaseId + "/journal-installation/no-such-update").body())
                .contains("Cette mise en production n&#39;a pas de journal d&#39;installation à cette adresse.");
    }

    @Test
    void viewListsTheReleaseWithItsOutcomeDowntimeAndLinksToItsReportAndExports() {
        Response list = get("marie", "/releases");
        assertThat(list.status()).isEqualTo(200);
        String exports = "/releases/" + releaseId + "/tracabilite";
        assertThat(list.body()).contains("<h1>Mises en production</h1>")
                .contains("Serveur de test et production libres")
                .contains("<a href=\"/releases/" + releaseId + "\">" + businessKey() + "</a>")
                .contains("<td class=\"outcome\">Version en production</td>")
                .contains("<a href=\"/reports/" + releaseId + "\">Rapport</a>")
                .contains("<a href=\"/reports/" + releaseId + ".pdf\">PDF</a>")
                .contains("<a href=\"" + exports + ".csv\">CSV</a>", "<a href=\"" + exports + ".xlsx\">Excel</a>",
                        "<a href=\"" + exports + ".xml\">JUnit</a>");
        Response download = get("marie", "/reports/" + releaseId + ".html");
        assertThat(ContentDisposition.parse(download.header("Content-Disposition")).isAttachment()).isTrue();
        assertThat(ReportVerifier.verify(download.body().getBytes(StandardCharsets.UTF_8)).exitCode()).isZero();
    }

    @Test
    void releasePageShowsTheTraceabilityMatrixRoundByRound() {
        assertThat(releasePage).contains("<h2>Matrice de traçabilité</h2>")
                .contains("<td class=\"verdict-KO\">Non conforme</td>")
                .contains(FIRST_KO.replace("'", "&#39;"))
                .contains(evidenceSha256())
                .contains("Aucune : la mise en production est terminée.")
                .contains(WORKAROUND);
    }

    @Test
    void csvExportHasEveryVerdictOfEveryRoundWithEvidenceAndWorkaround() throws Exception {
        assertThat(MediaType.parseMediaType(csv.header("Content-Type")).toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(ContentDisposition.parse(csv.header("Content-Disposition")).getFilename()).startsWith("tracabilite-version-1.1-")
                .endsWith(".csv").matches("[a-z0-9._-]+");
        List<List<String>> lines = csv(new String(csv.bytes(), StandardCharsets.UTF_8).substring(1));
        // round 1: 3 changes, 3 processes; round 2 (the urgent fix): the KO change, 3 processes
        assertThat(lines).hasSize(1 + 6 + 4);
        List<String> firstKo = lines.stream().filter(line -> line.get(5).equals(FIRST_KO)).findFirst().orElseThrow();
        assertThat(firstKo.subList(0, 5)).containsExactly("1", "Évolution", firstKo.get(2), "1.1", "Non conforme");
        assertThat(firstKo.get(2)).startsWith("GES-1101");
        assertThat(firstKo.get(6)).isEqualTo("theo");
        assertThat(firstKo.get(8)).isEqualTo("pied-de-facture.png (" + EVIDENCE.length + " octets)");
        assertThat(firstKo.get(9)).isEqualTo(evidenceSha256());
        assertThat(firstKo.get(10)).as("the workaround was decided on round 2's failure").isEmpty();
        List<String> secondKo = lines.stream().filter(line -> line.get(5).equals(SECOND_KO)).findFirst().orElseThrow();
        assertThat(secondKo.get(0)).isEqualTo("2");
        assertThat(secondKo.get(10)).contains(WORKAROUND).contains("revue le " + REVIEW_DATE);
        assertThat(lines.stream().filter(line -> line.get(1).equals("Processus stratégique"))).hasSize(6)
                .allSatisfy(line -> assertThat(line.get(4)).isEqualTo("Conforme"));
    }

    @Test
    void excelAndJUnitExportsOpenWithTheirTools() throws Exception {
        try (ReadableWorkbook workbook =
                     new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            var rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(11);
            assertThat(rows.stream().filter(row -> SECOND_KO.equals(row.getCellText(5))).findFirst().orElseThrow()
                    .getCellText(10)).contains(WORKAROUND);
        }
        Element suites = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(junit)).getDocumentElement();
        assertThat(suites.getAttribute("tests")).isEqualTo("10");
        assertThat(suites.getAttribute("failures")).isEqualTo("2");
        assertThat(suites.getElementsByTagName("testsuite").getLength()).as("one suite per round").isEqualTo(2);
    }

    private String evidenceSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(EVIDENCE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> csv(String text) throws Exception {
        try (MappingIterator<List<String>> lines = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY).readerForListOf(String.class)
                .with(CsvSchema.emptySchema().withColumnSeparator(';'))
                .readValues(text)) {
            return lines.readAll();
        }
    }

    private String businessKey() {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(releaseId).singleResult().getBusinessKey();
    }

    private Response get(String user, String path) {
        return client.as(user).get(path);
    }

    private static String verify(String report) {
        return ReportVerifier.verify(report.getBytes(StandardCharsets.UTF_8)).message();
    }

    /** Runs the verifier as the documented command does, in its own JVM: "exit code + first line of its output". */
    private static String verifierCommand(Path report) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReportVerifier.class.getName(), report.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + " " + output.lines().findFirst().orElse("");
    }
}
