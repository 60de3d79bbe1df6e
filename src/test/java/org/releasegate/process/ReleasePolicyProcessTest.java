package org.releasegate.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.releasegate.process.ReleasePolicy.Elements.*;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.entry;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.ofTaskLocal;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasegate.calendar.DowntimeEstimate;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Errors;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.testsupport.ReleaseVariables;
import org.releasegate.verification.LateVerifications;
import org.releasegate.verification.VerdictRepository;
import org.releasegate.verification.VerdictConsolidation;
import org.releasegate.verification.VerificationRecorder;
import org.releasegate.verification.WorkaroundRegister;
import org.releasegate.workaround.Workaround;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Every path of {@code release-policy.bpmn}, on an in-memory engine, with the real decision table and the real
 * verdict recording. Automated steps are played by completing their external tasks as a worker would. The build
 * fails if these tests leave a flow node or sequence flow of the model uncovered.
 */
@Deployment(resources = {"bpmn/release-policy.bpmn", "bpmn/release-policy.dmn"})
class ReleasePolicyProcessTest {

    @RegisterExtension
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension
            .builder("release-gate-test.camunda.cfg.xml")
            .assertClassCoverageAtLeast(1.0)
            .build();

    private static final ChangeToVerify CHANGE_1 = ChangeToVerify.change("GES-1101", "1.1", "Facturation",
            "Pénalités de retard");
    private static final ChangeToVerify CHANGE_2 = ChangeToVerify.change("GES-1102", "1.1", "Clients", "Champ pays");
    private static final java.time.LocalDate REVIEW = java.time.LocalDate.now().plusMonths(2);
    private static final ProcessToVerify INVOICING = new ProcessToVerify("facturation", "Facturation",
            "1. Créer une facture");

    ProcessEngine processEngine;
    private JdbcTemplate jdbc;
    private final List<String> lateNotices = new java.util.ArrayList<>();
    private WorkaroundRepository workarounds;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(processEngine);
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:release-policy-test;DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        VerdictRepository verdicts = new VerdictRepository(jdbc);
        workarounds = new WorkaroundRepository(jdbc);
        Mocks.register("verificationRecorder", new VerificationRecorder(verdicts, workarounds, java.time.Clock.systemUTC()));
        Mocks.register("workaroundRegister", new WorkaroundRegister(verdicts, workarounds, java.time.Clock.systemUTC()));
        Mocks.register("verdictConsolidation", new VerdictConsolidation(verdicts));
        Mocks.register("releaseStarted", new ReleaseStarted(java.time.Clock.systemUTC()));
        // A rollback is possible: the program production runs is archived (FirstReleaseTest walks the other case).
        Mocks.register("rollbackReadinessPreview", (org.camunda.bpm.engine.delegate.TaskListener) task -> { });
        NoChangeCalendar.register();
        Mocks.register("lateVerifications", new LateVerifications());
        Mocks.register("lateTaskNotifier", (ExecutionListener) execution -> lateNotices.add(execution.getCurrentActivityId()));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        jdbc.update("DELETE FROM rg_verdict");
        jdbc.update("DELETE FROM rg_workaround");
    }

    // ---------------------------------------------------------------- paths to production

    @Test
    void releaseGoesStraightToProductionWhenEverythingIsVerified() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1, CHANGE_2), List.of(INVOICING));
        verifyAll("OK");
        consolidate();
        acceptAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        assertThat(release).isEnded().hasPassedInOrder(DETERMINE_CHECKS, COPY_PRODUCTION_DATA, INSTALL_ON_TEST,
                PLAN_VERIFICATIONS, CONSOLIDATE_VERDICTS, FINAL_ACCEPTANCE, STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA,
                ARCHIVE_INSTALLER, DRILL_RESTORE, INSTALL_IN_PRODUCTION, START_PRODUCTION, CHECK_PRODUCTION_HEALTH,
                CONFIRM_PRODUCTION, END_IN_PRODUCTION);
        assertThat(release).hasNotPassed(DECIDE_ON_FAILURE, PRODUCTION_WINDOW_REACHED);
        // the next release's window is chosen for the downtime this one had: from its stop to its reopening
        java.util.Date stopped = historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(STOP_PRODUCTION).singleResult().getStartTime();
        java.util.Date reopened = historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(REOPEN_PRODUCTION).singleResult().getEndTime();
        // (the longest of the last releases: other tests' releases share this engine)
        assertThat(DowntimeEstimate.of(historyService()).longestRecent()).hasValueSatisfying(estimate ->
                assertThat(estimate).isGreaterThanOrEqualTo(java.time.Duration.between(stopped.toInstant(), reopened.toInstant())));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rg_verdict WHERE verdict = 'OK'", Integer.class)).isEqualTo(3);
        assertThat(release.getBusinessKey()).startsWith("Version 1.1 — ");
    }

    @Test
    void releaseWaitsForThePlannedProductionWindow() {
        ProcessInstance release = startRelease("strict", "minor",
                with(PRODUCTION_WINDOW_PLANNED, true).and(PRODUCTION_WINDOW, "2030-01-01T22:00:00Z"));
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("OK");
        consolidate();
        accept();

        // production is neither stopped nor archived before the window: the archive is production as the install finds it
        assertThat(release).isWaitingAt(PRODUCTION_WINDOW_REACHED).hasNotPassed(STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA);
        execute(job());
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        assertThat(release).hasPassedInOrder(PRODUCTION_WINDOW_REACHED, STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA,
                INSTALL_IN_PRODUCTION, START_PRODUCTION).isEnded().hasPassed(END_IN_PRODUCTION);
    }

    @Test
    void releaseResumedAfterItsWindowClosedWaitsForTheNextOneWithoutStoppingProduction() {
        java.time.Instant saturday = java.time.Instant.parse("2030-01-05T19:00:00Z");
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("OK");
        consolidate();
        completeTask(FINAL_ACCEPTANCE, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        NoChangeCalendar.nextWindow(saturday, saturday.plus(java.time.Duration.ofHours(3)));
        try {
            runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
            assertThat(release).isWaitingAt(PRODUCTION_WINDOW_REACHED);
            execute(job());
            // the machine was down all Saturday evening: the stop would start after the window closed
            org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(saturday.plus(java.time.Duration.ofHours(4))));
            runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        } finally {
            org.camunda.bpm.engine.impl.util.ClockUtil.reset();
            NoChangeCalendar.register();
        }

        assertThat(release).isWaitingAt(PRODUCTION_WINDOW_GATEWAY).hasNotPassed(STOP_PRODUCTION);
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
    }

    @Test
    void releaseGoesToProductionAfterUrgentFixAndReverificationOfWhatFailed() {
        ProcessInstance release = startRelease("strict", "major");
        prepareTestEnvironment(List.of(CHANGE_1, CHANGE_2), List.of(INVOICING));
        verifyChange("GES-1101", "OK", null);
        verifyChange("GES-1102", "KO", "Le champ pays n'apparaît pas");
        verifyAll("OK");
        consolidate();

        assertThat(release).isWaitingAt(DECIDE_ON_FAILURE);
        assertThat(FAILED_VERIFICATIONS.from(runtimeService().getVariables(release.getId())))
                .contains("Non conforme : GES-1102").contains("Le champ pays n'apparaît pas").doesNotContain("GES-1101");
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.URGENT_FIX).and(DECISION_COMMENT, "Ticket éditeur"));
        completeTask(PROVIDE_CORRECTED_INSTALLER, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1"));

        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        assertThat(VERIFICATION_ROUND.from(runtimeService().getVariables(release.getId()))).isEqualTo(1);
        runStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, planned(2, List.of(CHANGE_2), List.of(INVOICING)));
        assertThat(taskQuery().taskDefinitionKey(VERIFY_CHANGE).count()).isEqualTo(1);
        verifyAll("OK");
        consolidate();
        acceptAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        assertThat(release).isEnded().hasPassed(PROVIDE_CORRECTED_INSTALLER, END_IN_PRODUCTION);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rg_verdict", Integer.class))
                .as("verdicts of both rounds are kept").isEqualTo(5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSecondRoundShowsTheFirstRoundsVerdictCommentEvidenceAndTheFixBeingVerified() {
        ProcessInstance release = startRelease("strict", "major");
        prepareTestEnvironment(List.of(CHANGE_1, CHANGE_2), List.of(INVOICING));
        assertThat(taskQuery().taskDefinitionKeyIn(VERIFY_CHANGE, VERIFY_STRATEGIC_PROCESS).list())
                .as("a first round has nothing earlier to show")
                .allSatisfy(first -> assertThat(taskService().getVariableLocal(first.getId(), EARLIER_ROUNDS)).isNull());
        asUser("theo", () -> complete(findVerification("GES-1102"), with(VERDICT, "KO")
                .and(COMMENT, "Le champ pays n'apparaît pas")
                .and(EVIDENCE_FILES.get(0), Variables.fileValue("fiche-client.txt").file("Pays : (vide)".getBytes()).mimeType("text/plain").create())));
        String evidenceTask = historyService().createHistoricTaskInstanceQuery().processInstanceId(release.getId())
                .taskDefinitionKey(VERIFY_CHANGE).finished().singleResult().getId();
        String evidenceId = taskService().getTaskAttachments(evidenceTask).get(0).getId();
        asUser("karim", () -> verifyAll("OK"));
        consolidate();
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.URGENT_FIX).and(DECISION_COMMENT, "Ticket éditeur"));
        completeTask(PROVIDE_CORRECTED_INSTALLER, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1")
                .and(FIX_REFERENCE, "CORR-4711"));
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, with(TESTED_INSTALLER_PACKAGE, "gestan-1.1.1.zip")
                .and(TEST_VERSION, "1.1.1").and(INSTALLER_SHA256, "ab12cd34"));
        runStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, planned(2, List.of(CHANGE_2), List.of(INVOICING)));

        Map<String, Object> change = (Map<String, Object>) taskService().getVariableLocal(
                findVerification("GES-1102").getId(), EARLIER_ROUNDS);
        assertThat(change).containsEntry("round", 2);
        assertThat((Map<String, Object>) change.get("fix")).containsEntry("installer", "gestan-1.1.1.zip")
                .containsEntry("version", "1.1.1").containsEntry("sha256", "ab12cd34").containsEntry("reference", "CORR-4711");
        assertThat((List<Map<String, Object>>) change.get("rounds")).singleElement().satisfies(first -> {
            assertThat(first).containsEntry("round", 1).containsEntry("verdict", "Non conforme")
                    .containsEntry("comment", "Le champ pays n'apparaît pas").containsEntry("by", "theo");
            assertThat((List<Map<String, Object>>) first.get("evidence")).containsExactly(Map.of("name", "fiche-client.txt",
                    "href", "../../../api/engine/engine/default/task/" + evidenceTask + "/attachment/" + evidenceId + "/data"));
        });
        Task process = task(taskQuery().taskDefinitionKey(VERIFY_STRATEGIC_PROCESS));
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) taskService().getVariableLocal(process.getId(),
                EARLIER_ROUNDS)).get("rounds")).singleElement()
                .satisfies(first -> assertThat(first).containsEntry("verdict", "Conforme").containsEntry("by", "karim"));
        // shown, never written: no form field binds it, so the gate refuses it from whoever sends it
        assertThatThrownBy(() -> asUser("karim", () -> complete(process, with(VERDICT, "OK")
                .and(EARLIER_ROUNDS, "{}"))))
                .hasMessageContaining("n'accepte pas la variable « earlierRounds »");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCorrectedInstallerMissingFromTheInboxIsRefusedWhenTheFormIsSentNamingTheFilesThere() {
        ProcessInstance release = startRelease("strict", "major");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("KO");
        consolidate();
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.URGENT_FIX).and(DECISION_COMMENT, "Ticket éditeur"));

        Task provide = task(taskQuery().taskDefinitionKey(PROVIDE_CORRECTED_INSTALLER));
        assertThat((List<String>) taskService().getVariableLocal(provide.getId(), INBOX_FILES))
                .as("the form's list offers the inbox's files").containsExactly("gestan-1.1.zip", "gestan-1.1.1.zip");
        assertThatThrownBy(() -> complete(provide, with(INSTALLER_PACKAGE, "gestan-1.1.2.zip")
                .and(TARGET_VERSION, "1.1.2")))
                .hasMessage("Le fichier « gestan-1.1.2.zip » n'est pas dans le dossier de dépôt du serveur. Fichiers "
                        + "disponibles : gestan-1.1.zip, gestan-1.1.1.zip. Déposez-y le programme corrigé, puis envoyez "
                        + "de nouveau le formulaire. Rien n'a été enregistré.");
        assertThat(release).isWaitingAt(PROVIDE_CORRECTED_INSTALLER).variables().contains(entry(TARGET_VERSION, "1.1"));

        complete(provide, with(INSTALLER_PACKAGE, " gestan-1.1.1.zip ").and(TARGET_VERSION, "1.1.1"));
        assertThat(release).isWaitingAt(INSTALL_ON_TEST);
    }

    @Test
    void anUrgentProductionFixMissingFromTheInboxIsRefusedToo() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Correctif demandé"));

        assertThatThrownBy(() -> completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.exe")
                .and(TARGET_VERSION, "1.1.1")))
                .hasMessageStartingWith("Le fichier « gestan-1.1.1.exe » n'est pas dans le dossier de dépôt du serveur. "
                        + "Fichiers disponibles : gestan-1.1.zip, gestan-1.1.1.zip.");
        assertThat(release).isWaitingAt(PROVIDE_PRODUCTION_FIX);
    }

    @Test
    void aReleaseOfTheVersionProductionRunsNeedsAConfirmation() {
        ReleaseVariables sameVersion = with(TARGET_VERSION, "1.0")
                .and(INSTALLER_PACKAGE, "gestan-1.0.zip").and(ROAD_BOOK, "road-book.md")
                .and(POLICY_LEVEL, "strict").and(RELEASE_KIND, "patch");

        assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(ReleasePolicy.PROCESS_KEY, sameVersion))
                .hasMessage("La production tourne déjà en version 1.0 : cette mise en production la réinstallerait. Si "
                        + "c'est voulu, cochez « La version cible est déjà en production : je confirme la réinstaller » ; "
                        + "sinon, corrigez la version cible. Aucune mise en production n'a été démarrée.");
        assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).count())
                .isZero();

        ProcessInstance release = runtimeService().startProcessInstanceByKey(ReleasePolicy.PROCESS_KEY,
                sameVersion.and(SAME_VERSION_CONFIRMED, true));
        assertThat(release).isWaitingAt(COPY_PRODUCTION_DATA);
    }

    @Test
    void releaseGoesToProductionWithARecordedWorkaround() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyChange("GES-1101", "BLOCKED", "Imprimante de test absente");
        consolidate();
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.WORKAROUND).and(DECISION_COMMENT, "Mineur")
                .and(WORKAROUND_DESCRIPTION, "Impression depuis le poste comptable").and(WORKAROUND_REVIEW_DATE, REVIEW.toString()));
        acceptAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        assertThat(release).isEnded().hasPassedInOrder(DECIDE_ON_FAILURE, FINAL_ACCEPTANCE, END_IN_PRODUCTION)
                .variables().contains(entry(WORKAROUND_DESCRIPTION, "Impression depuis le poste comptable"));
        assertThat(workarounds.list(java.util.Optional.empty())).singleElement().satisfies(workaround -> {
            assertThat(workaround.processInstanceId()).isEqualTo(release.getId());
            assertThat(workaround.decision()).isEqualTo(Workaround.Decision.FAILURE);
            assertThat(workaround.coveredItems()).isEqualTo("GES-1101 (bloqué)");
            assertThat(workaround.description()).isEqualTo("Impression depuis le poste comptable");
            assertThat(workaround.reviewDate()).isEqualTo(REVIEW);
            assertThat(workaround.status()).isEqualTo(Workaround.Status.OPEN);
        });
    }

    @Test
    void workaroundWithoutAReviewDateOrWithAPastOneIsRefused() {
        startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyChange("GES-1101", "KO", "Totaux faux");
        consolidate();
        Task decision = task(taskQuery().taskDefinitionKey(DECIDE_ON_FAILURE));

        for (String reviewDate : new String[] {null, "bientôt",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString()}) {
            Map<String, Object> values = with(FAILURE_DECISION, Choices.WORKAROUND)
                    .and(DECISION_COMMENT, "Mineur").and(WORKAROUND_DESCRIPTION, "Saisie manuelle")
                    .and(WORKAROUND_REVIEW_DATE, reviewDate);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BpmnAwareTests.processEngine().getTaskService()
                            .complete(decision.getId(), values))
                    .as("review date %s", reviewDate).hasMessageContaining("date de revue du contournement");
        }
        assertThat(taskQuery().taskDefinitionKey(DECIDE_ON_FAILURE).count()).as("the decision is still to take").isEqualTo(1);
        assertThat(workarounds.list(java.util.Optional.empty())).isEmpty();
    }

    @Test
    void openWorkaroundOfAnEarlierReleaseIsReverifiedAndAFailureGoesToTheReleaseManager() {
        long earlier = workarounds.record(new Workaround.Decided("earlier-release", Workaround.Decision.FAILURE,
                "Version 1.0", "1.0", "GES-1001 (non conforme)", "Saisie manuelle des pays", REVIEW, "marie",
                java.time.Instant.now()));
        ChangeToVerify recheck = new ChangeToVerify(Workaround.ITEM_PREFIX + earlier, "1.0", "Contournement",
                "Revérifier le contournement : Saisie manuelle des pays (pour GES-1001 (non conforme))",
                Long.toString(earlier));
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1, recheck), List.of());
        verifyChange("GES-1101", "OK", null);
        verifyChange(Workaround.ITEM_PREFIX + earlier, "KO", "Toujours à saisir à la main");
        consolidate();

        assertThat(release).isWaitingAt(DECIDE_ON_FAILURE);
        assertThat(FAILED_VERIFICATIONS.from(runtimeService().getVariables(release.getId())))
                .contains("Non conforme : " + Workaround.ITEM_PREFIX + earlier).contains("Toujours à saisir à la main");
        assertThat(jdbc.queryForObject("SELECT item_kind FROM rg_verdict WHERE item_id = ?", String.class,
                Workaround.ITEM_PREFIX + earlier)).isEqualTo("WORKAROUND");
        java.time.LocalDate later = REVIEW.plusMonths(1);
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.WORKAROUND).and(DECISION_COMMENT, "On garde")
                .and(WORKAROUND_DESCRIPTION, "Saisie manuelle des pays").and(WORKAROUND_REVIEW_DATE, later.toString()));

        assertThat(workarounds.list(java.util.Optional.empty())).as("the earlier workaround is kept, not copied")
                .singleElement().satisfies(workaround -> {
                    assertThat(workaround.id()).isEqualTo(earlier);
                    assertThat(workaround.status()).isEqualTo(Workaround.Status.OPEN);
                    assertThat(workaround.reviewDate()).isEqualTo(later);
                    assertThat(workaround.fixVerifiedIn()).isNull();
                });
    }

    @Test
    void reverifiedWorkaroundFoundFixedIsMarkedSo() {
        long earlier = workarounds.record(new Workaround.Decided("earlier-release", Workaround.Decision.ROLLBACK,
                "Version 1.0", "1.0", "production non conforme : export lent", "Export de nuit", REVIEW, "marie",
                java.time.Instant.now()));
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(new ChangeToVerify(Workaround.ITEM_PREFIX + earlier, "1.0", "Contournement",
                "Revérifier", Long.toString(earlier))), List.of());
        verifyChange(Workaround.ITEM_PREFIX + earlier, "OK", null);
        consolidate();

        assertThat(release).isWaitingAt(FINAL_ACCEPTANCE);
        assertThat(workarounds.find(earlier)).get().satisfies(workaround -> {
            assertThat(workaround.fixVerifiedIn()).isEqualTo(release.getId());
            assertThat(workaround.status()).as("closed only when this release reaches production")
                    .isEqualTo(Workaround.Status.OPEN);
        });
    }

    // ---------------------------------------------------------------- releases that stop before production

    @Test
    void releaseIsAbandonedAfterAFailedVerificationWithoutTouchingProduction() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of(INVOICING));
        verifyChange("GES-1101", "KO", "Totaux faux");
        verifyAll("OK");
        consolidate();
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Trop risqué"));

        assertThat(release).isEnded().hasPassed(END_ABANDONED)
                .hasNotPassed(ARCHIVE_PRODUCTION_DATA, INSTALL_IN_PRODUCTION, FINAL_ACCEPTANCE);
    }

    @Test
    void refusedAcceptanceGoesBackToTheReleaseManagersDecision() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("OK");
        consolidate();
        completeTask(FINAL_ACCEPTANCE, with(ACCEPTANCE_DECISION, Choices.REFUSED).and(ACCEPTANCE_COMMENT, "Lenteurs"));

        assertThat(release).isWaitingAt(DECIDE_ON_FAILURE);
        completeTask(DECIDE_ON_FAILURE, with(FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Reporté"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED).hasNotPassed(ARCHIVE_PRODUCTION_DATA);
    }

    // ---------------------------------------------------------------- rejected input of automated steps

    @Test
    void aSecondDecisionStartsEmptyNotWithTheFirstOnesAnswers() {
        ProcessInstance release = startRelease("strict", "minor");
        rejectStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Errors.COPY_REJECTED, "clients.dat changed during copy");
        completeTask(DECIDE_SETUP_FAILURE, with(SETUP_FAILURE_DECISION, Choices.RETRY)
                .and(DECISION_COMMENT, "Relance après l'arrêt des traitements de nuit"));
        rejectStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Errors.COPY_REJECTED, "clients.dat changed again");

        assertThat(release).isWaitingAt(DECIDE_SETUP_FAILURE).variables()
                .contains(entry(FAILURE_REASON, "clients.dat changed again"))
                .contains(entry(DECISION_COMMENT, null)).contains(entry(SETUP_FAILURE_DECISION, null));
        assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(release.getId())
                .variableName(DECISION_COMMENT.name()).singleResult()).as("the first answer stays in the history")
                .isNotNull();
    }

    @Test
    void rejectedCopyIsRetriedAfterTheReleaseManagersDecision() {
        ProcessInstance release = startRelease("strict", "minor");
        rejectStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Errors.COPY_REJECTED, "clients.dat changed during copy");

        assertThat(release).isWaitingAt(DECIDE_SETUP_FAILURE).variables()
                .contains(entry(FAILURE_REASON, "clients.dat changed during copy"));
        completeTask(DECIDE_SETUP_FAILURE, with(SETUP_FAILURE_DECISION, Choices.RETRY).and(DECISION_COMMENT, "Relance"));
        assertThat(release).isWaitingAt(COPY_PRODUCTION_DATA);
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        assertThat(release).isWaitingAt(VERIFY_CHANGE);
    }

    @Test
    void rejectedTestInstallWaitsForACorrectedInstaller() {
        ProcessInstance release = startRelease("strict", "minor");
        runStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Map.of());
        rejectStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Errors.INSTALLER_REJECTED, "package is version 1.2, release expects 1.1");

        completeTask(DECIDE_SETUP_FAILURE, with(SETUP_FAILURE_DECISION, Choices.URGENT_FIX).and(DECISION_COMMENT, "Mauvais fichier"));
        completeTask(PROVIDE_CORRECTED_INSTALLER, with(INSTALLER_PACKAGE, "gestan-1.1.zip").and(TARGET_VERSION, "1.1"));
        assertThat(release).isWaitingAt(INSTALL_ON_TEST);
        assertThat(externalTaskVariables(INSTALL_ON_TEST)).contains(entry(ENVIRONMENT, "test"));
    }

    @Test
    void rejectedRoadBookLetsTheReleaseManagerAbandon() {
        ProcessInstance release = startRelease("strict", "minor");
        runStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Map.of());
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        rejectStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, Errors.ROAD_BOOK_REJECTED, "Road book, line 4: ...");

        completeTask(DECIDE_SETUP_FAILURE, with(SETUP_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Road book à refaire"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED).hasNotPassed(VERIFY_CHANGE);
    }

    @Test
    void rejectedProductionDataArchiveIsRetried() {
        ProcessInstance release = releaseAccepted();
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of());
        rejectStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Errors.ARCHIVE_REJECTED, "hash mismatch");

        // production does not stay stopped while the release manager decides
        assertThat(release).isWaitingAt(RESTART_PRODUCTION);
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.RETRY).and(DECISION_COMMENT, "Relance"));
        // a retry archives production again before the window, and waits for the window again
        assertThat(release).isWaitingAt(ARCHIVE_PRODUCTION_BASE);
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        assertThat(release).isWaitingAt(STOP_PRODUCTION);
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
    }

    @Test
    void rejectedBaseArchiveGoesToTheReleaseManagerBeforeTheWindow() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("OK");
        consolidate();
        completeTask(FINAL_ACCEPTANCE, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        rejectStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Errors.ARCHIVE_REJECTED, "disque des archives plein");

        // production was never stopped: nothing to restart
        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE).hasNotPassed(PRODUCTION_WINDOW_GATEWAY, STOP_PRODUCTION,
                RESTART_PRODUCTION).variables().contains(entry(FAILURE_REASON, "disque des archives plein"));
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Reporté"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED);
    }

    @Test
    void productionThatCannotBeStoppedGoesToTheReleaseManagerWithoutTouchingIt() {
        ProcessInstance release = releaseAccepted();
        rejectStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Errors.STOP_REJECTED, "clients.csv still written");

        // the stop step restarts what it stopped before refusing: nothing to restart here
        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE).hasNotPassed(RESTART_PRODUCTION, ARCHIVE_PRODUCTION_DATA)
                .variables().contains(entry(FAILURE_REASON, "clients.csv still written"));
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Reporté"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED);
    }

    @Test
    void rejectedInstallerArchiveLetsTheReleaseManagerAbandon() {
        ProcessInstance release = releaseAccepted();
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Map.of());
        rejectStep(ARCHIVE_INSTALLER, Topics.ARCHIVE_INSTALLER, Errors.ARCHIVE_REJECTED, "hash mismatch");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());

        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Stop"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED).hasNotPassed(INSTALL_IN_PRODUCTION);
    }

    @Test
    void rejectedProductionInstallLeavesProductionAndAsksTheReleaseManager() {
        ProcessInstance release = releaseAccepted();
        stopAndArchive();
        rejectStep(INSTALL_IN_PRODUCTION, Topics.INSTALL_VERSION, Errors.INSTALLER_REJECTED, "checksum differs from the tested package");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());

        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE);
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Stop"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED).hasNotPassed(CHECK_PRODUCTION_HEALTH);
    }

    @Test
    void archiveThatDoesNotRestoreStopsTheReleaseBeforeProductionUntilArchivedAgain() {
        ProcessInstance release = releaseAccepted();
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Map.of());
        runStep(ARCHIVE_INSTALLER, Topics.ARCHIVE_INSTALLER, Map.of());
        rejectStep(DRILL_RESTORE, Topics.DRILL_RESTORE, Errors.DRILL_REJECTED, "restored copy differs: clients.csv");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());

        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE).hasPassed(DRILL_REJECTED).hasNotPassed(INSTALL_IN_PRODUCTION)
                .variables().contains(entry(FAILURE_REASON, "restored copy differs: clients.csv"));
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.RETRY).and(DECISION_COMMENT, "Disque remplacé"));
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
    }

    @Test
    void aFailureReasonIsShownOnlyByTheDecisionOfItsFailureNotByALaterOne() {
        ProcessInstance release = releaseAccepted();
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Map.of());
        runStep(ARCHIVE_INSTALLER, Topics.ARCHIVE_INSTALLER, Map.of());
        rejectStep(DRILL_RESTORE, Topics.DRILL_RESTORE, Errors.DRILL_REJECTED, "restored copy differs: clients.csv");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());
        assertThat(ofTask(taskService(), task(release).getId(), FAILURE_REASON))
                .isEqualTo("restored copy differs: clients.csv");
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.RETRY)
                .and(DECISION_COMMENT, "Disque remplacé"));
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_KO);
        runStep(ASSESS_ROLLBACK, Topics.ASSESS_ROLLBACK, with(ROLLBACK_COST, "clients : 3 lignes modifiées"));

        // no restore ran: the rollback decision must not show the drill's reason as its own failure
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK);
        assertThat(ofTask(taskService(), task(release).getId(), FAILURE_REASON))
                .as("the preparation failure's reason, decided on already").isNull();
        assertThat(historyService().createHistoricDetailQuery().processInstanceId(release.getId()).variableUpdates()
                .list().stream().map(detail -> ((HistoricVariableUpdate) detail))
                .filter(update -> FAILURE_REASON.name().equals(update.getVariableName()))
                .map(HistoricVariableUpdate::getValue))
                .as("the report still finds the reason in the history").contains("restored copy differs: clients.csv");

        // a restore that fails: its reason is the one the rollback decision shows, and only until it is decided
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        runStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Map.of());
        rejectStep(RESTORE_ARCHIVE, Topics.RESTORE_ARCHIVE, Errors.RESTORE_REJECTED, "archive corrupted: clients.dat");
        runStep(RESTART_AFTER_RESTORE_REJECTED, Topics.START_ENVIRONMENT, Map.of());
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK);
        assertThat(ofTask(taskService(), task(release).getId(), FAILURE_REASON))
                .isEqualTo("archive corrupted: clients.dat");
    }

    // ---------------------------------------------------------------- a database its server clones in the window

    @Test
    void databaseClonedInTheWindowIsArchivedDrilledAndDroppedAfterTheReopening() {
        ProcessInstance release = releaseAccepted();
        stopAndClone();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        // production runs again before its data is archived: the clone's export, drill and drop are out of the window
        assertThat(release).isWaitingAt(EXPORT_PRODUCTION_CLONE).hasPassed(REOPEN_PRODUCTION, CLONE_TO_ARCHIVE_GATEWAY);
        assertThat(externalTaskVariables(EXPORT_PRODUCTION_CLONE)).containsEntry(PRODUCTION_CLONE.name(), "gestan_rgc_1");
        archiveDrillAndDropTheClone();
        assertThat(release).isEnded().hasPassedInOrder(STOP_PRODUCTION, CLONE_IN_SERVER_GATEWAY, CLONE_PRODUCTION_DATA,
                ARCHIVE_INSTALLER_AFTER_CLONE, INSTALL_IN_PRODUCTION, START_PRODUCTION, CHECK_PRODUCTION_HEALTH,
                CONFIRM_PRODUCTION, REOPEN_PRODUCTION, EXPORT_PRODUCTION_CLONE, DRILL_CLONE_ARCHIVE,
                DROP_PRODUCTION_CLONE, END_IN_PRODUCTION)
                .hasNotPassed(ARCHIVE_PRODUCTION_DATA, ARCHIVE_INSTALLER, DRILL_RESTORE, DECIDE_CLONE_ARCHIVE_FAILURE);
    }

    @Test
    void aFolderOrH2ProductionKeepsItsArchiveAndDrillInTheWindow() {
        ProcessInstance release = releaseAccepted();
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of(CLONED_IN_SERVER.name(), false));
        runStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Map.of());
        runStep(ARCHIVE_INSTALLER, Topics.ARCHIVE_INSTALLER, Map.of());
        runStep(DRILL_RESTORE, Topics.DRILL_RESTORE, Map.of(DRILL_REPORT.name(), "restauré et vérifié"));
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        assertThat(release).isEnded().hasPassedInOrder(STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA, ARCHIVE_INSTALLER,
                DRILL_RESTORE, INSTALL_IN_PRODUCTION, REOPEN_PRODUCTION, END_IN_PRODUCTION)
                .hasNotPassed(CLONE_PRODUCTION_DATA, EXPORT_PRODUCTION_CLONE, DROP_PRODUCTION_CLONE);
    }

    @Test
    void rejectedCloneRestartsProductionBeforeTheReleaseManagerDecides() {
        ProcessInstance release = releaseAccepted();
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of(CLONED_IN_SERVER.name(), true));
        rejectStep(CLONE_PRODUCTION_DATA, Topics.CLONE_PRODUCTION_DATA, Errors.ARCHIVE_REJECTED,
                "le rôle releasegate ne peut pas créer de base");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());

        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE).hasPassed(CLONE_REJECTED)
                .hasNotPassed(INSTALL_IN_PRODUCTION).variables()
                .containsEntry(FAILURE_REASON.name(), "le rôle releasegate ne peut pas créer de base");
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Droits à corriger"));
        assertThat(release).isEnded().hasPassed(END_ABANDONED);
    }

    @Test
    void rejectedInstallerArchiveAfterTheCloneRestartsProduction() {
        ProcessInstance release = releaseAccepted();
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of(CLONED_IN_SERVER.name(), true));
        runStep(CLONE_PRODUCTION_DATA, Topics.CLONE_PRODUCTION_DATA, Map.of(PRODUCTION_CLONE.name(), "gestan_rgc_1"));
        rejectStep(ARCHIVE_INSTALLER_AFTER_CLONE, Topics.ARCHIVE_INSTALLER, Errors.ARCHIVE_REJECTED, "hash mismatch");
        runStep(RESTART_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());

        assertThat(release).isWaitingAt(DECIDE_PREPARATION_FAILURE).hasNotPassed(INSTALL_IN_PRODUCTION);
        completeTask(DECIDE_PREPARATION_FAILURE, with(PREPARATION_FAILURE_DECISION, Choices.ABANDON).and(DECISION_COMMENT, "Stop"));

        // abandoned with a clone taken: the clone is production's data at the stop, archived before the release ends
        assertThat(release).isWaitingAt(EXPORT_PRODUCTION_CLONE).hasPassed(CLONE_TO_ARCHIVE_GATEWAY);
        archiveDrillAndDropTheClone();
        assertThat(release).isEnded().hasPassedInOrder(DECIDE_PREPARATION_FAILURE, EXPORT_PRODUCTION_CLONE,
                DRILL_CLONE_ARCHIVE, DROP_PRODUCTION_CLONE, END_ABANDONED).hasNotPassed(END_IN_PRODUCTION);
    }

    @Test
    void cloneExportThatFailsAfterTheReopeningGoesToTheReleaseManagerWhoRetries() {
        ProcessInstance release = releaseAccepted();
        stopAndClone();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        rejectStep(EXPORT_PRODUCTION_CLONE, Topics.EXPORT_PRODUCTION_CLONE, Errors.ARCHIVE_REJECTED,
                "No space left on device");

        // the clone is the only copy of the data before the release: the engine refuses to drop it now
        assertThat(outOfOrder(release, DROP_PRODUCTION_CLONE)).contains("le clone n'a été ni archivé puis restauré");
        // production runs the new version meanwhile: the decision is about the clone, the only way back
        assertThat(release).isWaitingAt(DECIDE_CLONE_ARCHIVE_FAILURE).hasPassed(REOPEN_PRODUCTION, CLONE_EXPORT_REJECTED);
        assertThat(task(taskQuery().taskDefinitionKey(DECIDE_CLONE_ARCHIVE_FAILURE))).hasCandidateGroup("responsables-mep");
        assertThat(taskService().getVariable(task(release).getId(), FAILURE_REASON.name()))
                .isEqualTo("No space left on device");
        completeTask(DECIDE_CLONE_ARCHIVE_FAILURE, with(CLONE_ARCHIVE_DECISION, Choices.RETRY).and(DECISION_COMMENT, "Disque libéré"));
        archiveDrillAndDropTheClone();
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(EXPORT_PRODUCTION_CLONE).count()).isEqualTo(2);
    }

    @Test
    void cloneArchiveThatDoesNotRestoreLetsTheReleaseManagerDropTheClone() {
        ProcessInstance release = releaseAccepted();
        stopAndClone();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        runStep(EXPORT_PRODUCTION_CLONE, Topics.EXPORT_PRODUCTION_CLONE, Map.of(DATA_ARCHIVE_ID.name(), "production-data-1.0-t9"));
        rejectStep(DRILL_CLONE_ARCHIVE, Topics.DRILL_RESTORE, Errors.DRILL_REJECTED, "restored copy differs: clients");

        assertThat(release).isWaitingAt(DECIDE_CLONE_ARCHIVE_FAILURE).hasPassed(CLONE_ARCHIVE_DRILL_REJECTED);
        completeTask(DECIDE_CLONE_ARCHIVE_FAILURE, with(CLONE_ARCHIVE_DECISION, Choices.DROP_CLONE).and(DECISION_COMMENT, "Archive manuelle faite par le DBA"));
        runStep(DROP_PRODUCTION_CLONE, Topics.DROP_PRODUCTION_CLONE, Map.of());
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
    }

    @Test
    void nonConformProductionAfterACloneIsAssessedAndRestoredBeforeAnyExport() {
        ProcessInstance release = releaseAccepted();
        stopAndClone();
        installInProductionAndConfirm(Choices.PRODUCTION_KO);
        runStep(ASSESS_ROLLBACK, Topics.ASSESS_ROLLBACK, Map.of(ROLLBACK_COST.name(), "depuis le clone : 2 tables"));
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        restore();
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, Map.of(HEALTHY.name(), true));
        confirmRestoredProduction(Choices.PRODUCTION_OK);

        // the restore step puts the clone back (no archive of it exists): nothing is exported
        assertThat(release).isEnded().hasPassed(END_PREVIOUS_VERSION_RESTORED)
                .hasNotPassed(REOPEN_PRODUCTION, EXPORT_PRODUCTION_CLONE, DROP_PRODUCTION_CLONE).variables()
                .containsEntry(PRODUCTION_CLONE.name(), "gestan_rgc_1").containsEntry(DATA_ARCHIVE_ID.name(), null);
    }

    @Test
    void nonConformProductionAfterACloneGoesOnWithAWorkaroundOnceTheCloneIsArchived() {
        ProcessInstance release = releaseClonedButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.WORKAROUND).and(ROLLBACK_COMMENT, "Gênant")
                .and(WORKAROUND_DESCRIPTION, "Export manuel").and(WORKAROUND_REVIEW_DATE, REVIEW.toString()));

        // the clone is the data before the release: archived, drilled and dropped before the release ends
        assertThat(release).isWaitingAt(EXPORT_PRODUCTION_CLONE);
        archiveDrillAndDropTheClone();
        assertThat(release).isEnded().hasPassedInOrder(DECIDE_ROLLBACK, EXPORT_PRODUCTION_CLONE, DRILL_CLONE_ARCHIVE,
                DROP_PRODUCTION_CLONE, END_IN_PRODUCTION_WITH_WORKAROUND).hasNotPassed(RESTORE_ARCHIVE, END_IN_PRODUCTION)
                .variables().containsEntry(PRODUCTION_CLONE.name(), null)
                .containsEntry(DATA_ARCHIVE_ID.name(), "production-data-1.0-t9");
    }

    @Test
    void cloneNotRestoredIsArchivedBeforeTheWorkaroundEvenAfterARejectedRestore() {
        ProcessInstance release = releaseClonedButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        runStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Map.of());
        rejectStep(RESTORE_ARCHIVE, Topics.RESTORE_ARCHIVE, Errors.RESTORE_REJECTED, "le clone a changé");
        runStep(RESTART_AFTER_RESTORE_REJECTED, Topics.START_ENVIRONMENT, Map.of());
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.WORKAROUND).and(ROLLBACK_COMMENT, "On contourne")
                .and(WORKAROUND_DESCRIPTION, "Saisie manuelle").and(WORKAROUND_REVIEW_DATE, REVIEW.toString()));

        // a refused restore touched neither production nor the clone: the export fails or proves it, as any other
        rejectStep(EXPORT_PRODUCTION_CLONE, Topics.EXPORT_PRODUCTION_CLONE, Errors.ARCHIVE_REJECTED, "le clone a changé");
        completeTask(DECIDE_CLONE_ARCHIVE_FAILURE, with(CLONE_ARCHIVE_DECISION, Choices.DROP_CLONE)
                .and(DECISION_COMMENT, "Archive manuelle faite par le DBA"));
        runStep(DROP_PRODUCTION_CLONE, Topics.DROP_PRODUCTION_CLONE, Map.of());
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION_WITH_WORKAROUND).hasNotPassed(DRILL_CLONE_ARCHIVE);
    }

    @Test
    void cloneIsArchivedBeforeAnUrgentFixGoesBackThroughTestAndTheNextWindowClonesAfresh() {
        ProcessInstance release = releaseClonedButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Correctif demandé"));
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1"));

        // the next window's clone would replace this one: it is archived first, then the fix goes to test
        assertThat(release).isWaitingAt(EXPORT_PRODUCTION_CLONE);
        assertThat(passed(release, INSTALL_ON_TEST)).as("only the first round installed on test").isEqualTo(1);
        archiveDrillAndDropTheClone();
        assertThat(release).isWaitingAt(INSTALL_ON_TEST).variables().containsEntry(PRODUCTION_CLONE.name(), null);
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        runStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, planned(2, List.of(), List.of(INVOICING)));
        verifyAll("OK");
        consolidate();
        accept();
        stopAndClone();
        // a clone taken in this window is what a rollback puts back now, not the archive of the earlier one
        assertThat(release).variables().containsEntry(PRODUCTION_CLONE.name(), "gestan_rgc_1")
                .containsEntry(DATA_ARCHIVE_ID.name(), null);
        installInProductionAndConfirm(Choices.PRODUCTION_OK);
        archiveDrillAndDropTheClone();
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION);
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(DROP_PRODUCTION_CLONE).count()).isEqualTo(2);
    }

    @Test
    void cloneIsArchivedBeforeAnApprovedEmergencyFixGoesToProduction() {
        ProcessInstance release = releaseClonedButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1")
                .and(EMERGENCY, true).and(EMERGENCY_REASON, "Aucune facture ne sort"));
        completeTask(APPROVE_EMERGENCY, with(EMERGENCY_APPROVAL, Choices.APPROVED).and(EMERGENCY_COMMENT, "D'accord"));
        runStep(FINGERPRINT_EMERGENCY_FIX, Topics.FINGERPRINT_PACKAGE, with(INSTALLER_SHA256, "ab12"));

        assertThat(release).isWaitingAt(EXPORT_PRODUCTION_CLONE);
        assertThat(passed(release, ARCHIVE_PRODUCTION_BASE)).as("only the first window archived").isEqualTo(1);
        archiveDrillAndDropTheClone();
        assertThat(release).isWaitingAt(ARCHIVE_PRODUCTION_BASE).hasPassedInOrder(FINGERPRINT_EMERGENCY_FIX,
                EXPORT_PRODUCTION_CLONE, DROP_PRODUCTION_CLONE);
    }

    // ---------------------------------------------------------------- production not conform

    @Test
    void nonConformProductionIsRestoredFromTheArchive() {
        ProcessInstance release = releaseInProductionButNotConform();
        assertThat(release).variables().contains(entry(ROLLBACK_COST, "clients : 3 lignes modifiées"));
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        restore();
        assertThat(externalTaskVariables(CHECK_RESTORED_HEALTH)).contains(entry(ENVIRONMENT, "production"));
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true));
        confirmRestoredProduction(Choices.PRODUCTION_OK);

        // the restore, like the install, runs on a stopped production
        assertThat(release).isEnded().hasPassedInOrder(ASSESS_ROLLBACK, DECIDE_ROLLBACK, STOP_PRODUCTION_FOR_RESTORE,
                RESTORE_ARCHIVE, START_RESTORED_PRODUCTION, CHECK_RESTORED_HEALTH, CONFIRM_RESTORED_PRODUCTION,
                END_PREVIOUS_VERSION_RESTORED)
                .hasNotPassed(RESTORE_WINDOW_REACHED, END_RESTORE_NOT_CONFORM);
    }

    @Test
    void restoredProductionFoundNotConformingEndsTheReleaseForPeopleToRepair() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        restore();
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true).and(HEALTH_REPORT, "OK"));

        assertThat(release).isWaitingAt(CONFIRM_RESTORED_PRODUCTION);
        assertThat(task(taskQuery().taskDefinitionKey(CONFIRM_RESTORED_PRODUCTION))).hasCandidateGroup("exploitation");
        confirmRestoredProduction(Choices.PRODUCTION_KO);
        // the release's decision is not offered again: its version is no longer in production
        assertThat(release).isEnded().hasPassedInOrder(CHECK_RESTORED_HEALTH, CONFIRM_RESTORED_PRODUCTION,
                END_RESTORE_NOT_CONFORM).hasNotPassed(END_PREVIOUS_VERSION_RESTORED)
                .variables().contains(entry(RESTORED_PRODUCTION_COMMENT, "Stocks faux après restauration"));
    }

    @Test
    void restoreWaitsForTheNextWindowOfTheCalendarBeforeStoppingProduction() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        NoChangeCalendar.nextWindowAt(java.time.Instant.parse("2030-01-05T20:00:00Z"));
        try {
            runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        } finally {
            NoChangeCalendar.register();
        }

        assertThat(release).isWaitingAt(RESTORE_WINDOW_REACHED).hasNotPassed(STOP_PRODUCTION_FOR_RESTORE, RESTORE_ARCHIVE);
        execute(job());
        runStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(RESTORE_ARCHIVE, Topics.RESTORE_ARCHIVE, Map.of());
        runStep(START_RESTORED_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true));
        confirmRestoredProduction(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassedInOrder(RESTORE_WINDOW_REACHED, STOP_PRODUCTION_FOR_RESTORE, RESTORE_ARCHIVE)
                .hasPassed(END_PREVIOUS_VERSION_RESTORED);
    }

    @Test
    void productionThatCannotBeStoppedForTheRestoreReturnsToTheRollbackDecision() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        rejectStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Errors.STOP_REJECTED, "clients.csv still written");

        assertThat(release).isWaitingAt(DECIDE_ROLLBACK).hasNotPassed(RESTORE_ARCHIVE).variables()
                .contains(entry(FAILURE_REASON, "clients.csv still written"));
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Écrivain arrêté"));
        restore();
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true));
        confirmRestoredProduction(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassed(END_PREVIOUS_VERSION_RESTORED);
    }

    @Test
    void failedVendorInstallInProductionKeepsProductionStoppedAndOffersTheRestore() {
        ProcessInstance release = releaseAccepted();
        stopAndArchive();
        rejectStep(INSTALL_IN_PRODUCTION, Topics.INSTALL_VERSION, Errors.INSTALLER_REJECTED,
                "L'installeur de l'éditeur a échoué (code de sortie 3)", true);

        // the vendor's installer may have changed production before failing: it is not started as if intact
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK).hasPassed(PRODUCTION_ALTERED_GATEWAY)
                .hasNotPassed(RESTART_PRODUCTION, DECIDE_PREPARATION_FAILURE, START_PRODUCTION).variables()
                .contains(entry(FAILURE_REASON, "L'installeur de l'éditeur a échoué (code de sortie 3)"));
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Retour à 1.0"));
        restore();
        runStep(CHECK_RESTORED_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true));
        confirmRestoredProduction(Choices.PRODUCTION_OK);
        assertThat(release).isEnded().hasPassedInOrder(INSTALL_IN_PRODUCTION, DECIDE_ROLLBACK, STOP_PRODUCTION_FOR_RESTORE,
                RESTORE_ARCHIVE, END_PREVIOUS_VERSION_RESTORED);
    }

    @Test
    void rejectedRestoreReturnsToTheRollbackDecision() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.RESTORE).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        runStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Map.of());
        rejectStep(RESTORE_ARCHIVE, Topics.RESTORE_ARCHIVE, Errors.RESTORE_REJECTED, "archive corrupted: clients.dat");

        // the restore touched nothing: production, stopped for it, runs again while the release manager decides
        assertThat(release).isWaitingAt(RESTART_AFTER_RESTORE_REJECTED);
        runStep(RESTART_AFTER_RESTORE_REJECTED, Topics.START_ENVIRONMENT, Map.of());
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK).variables()
                .contains(entry(FAILURE_REASON, "archive corrupted: clients.dat"));
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.WORKAROUND).and(ROLLBACK_COMMENT, "On contourne")
                .and(WORKAROUND_DESCRIPTION, "Saisie manuelle").and(WORKAROUND_REVIEW_DATE, REVIEW.toString()));
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION_WITH_WORKAROUND);
    }

    @Test
    void nonConformProductionGetsAnUrgentFixTestedAcceptedAndArchivedBeforeProduction() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Correctif demandé"));
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1"));

        // production runs only what test ran and the acceptance named: the fix goes through test first
        assertThat(release).isWaitingAt(INSTALL_ON_TEST);
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        runStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, planned(2, List.of(), List.of(INVOICING)));
        verifyAll("OK");
        consolidate();
        acceptAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        assertThat(release).isEnded().hasPassedInOrder(PROVIDE_PRODUCTION_FIX, INSTALL_ON_TEST, PLAN_VERIFICATIONS,
                FINAL_ACCEPTANCE, ARCHIVE_PRODUCTION_DATA, ARCHIVE_INSTALLER, INSTALL_IN_PRODUCTION, END_IN_PRODUCTION);
    }

    @Test
    void emergencyFixApprovedByASecondReleaseManagerGoesToProductionWithoutTest() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        // without an approval since the first install, production refuses a second one
        assertThat(outOfOrder(release, INSTALL_IN_PRODUCTION))
                .contains("la correction n'a été ni recettée ni approuvée en urgence depuis la dernière installation en production");
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1")
                .and(EMERGENCY, true).and(EMERGENCY_REASON, "Aucune facture ne sort"));
        completeTask(APPROVE_EMERGENCY, with(EMERGENCY_APPROVAL, Choices.APPROVED).and(EMERGENCY_COMMENT, "D'accord"));
        runStep(FINGERPRINT_EMERGENCY_FIX, Topics.FINGERPRINT_PACKAGE, with(INSTALLER_SHA256, "ab12"));
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_OK);

        // production is archived and changed in a window, like any release, but the fix never went through test
        assertThat(release).isEnded().hasPassedInOrder(PROVIDE_PRODUCTION_FIX, APPROVE_EMERGENCY,
                FINGERPRINT_EMERGENCY_FIX, ARCHIVE_PRODUCTION_BASE, STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA,
                INSTALL_IN_PRODUCTION, REOPEN_PRODUCTION, END_IN_PRODUCTION);
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(INSTALL_ON_TEST).count()).isEqualTo(1);
        assertThat(release).variables().contains(entry(INSTALLER_SHA256, "ab12"));
    }

    @Test
    void refusedEmergencyFixGoesThroughTest() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1")
                .and(EMERGENCY, true).and(EMERGENCY_REASON, "Aucune facture ne sort"));
        completeTask(APPROVE_EMERGENCY, with(EMERGENCY_APPROVAL, Choices.REFUSED).and(EMERGENCY_COMMENT, "Le test d'abord"));

        assertThat(release).isWaitingAt(INSTALL_ON_TEST).hasNotPassed(FINGERPRINT_EMERGENCY_FIX);
    }

    @Test
    void emergencyFixMissingFromTheInboxGoesToTheTestInstallWhichAsksForACorrectedInstaller() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.URGENT_FIX).and(ROLLBACK_COMMENT, "Facturation bloquée"));
        completeTask(PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip").and(TARGET_VERSION, "1.1.1")
                .and(EMERGENCY, true).and(EMERGENCY_REASON, "Aucune facture ne sort"));
        completeTask(APPROVE_EMERGENCY, with(EMERGENCY_APPROVAL, Choices.APPROVED).and(EMERGENCY_COMMENT, "D'accord"));
        rejectStep(FINGERPRINT_EMERGENCY_FIX, Topics.FINGERPRINT_PACKAGE, Errors.INSTALLER_REJECTED,
                "« gestan-1.1.1.zip » n'est pas dans le dossier de dépôt");

        // nothing was archived nor stopped: the fix takes the ordinary road, whose test install says what is missing
        assertThat(release).isWaitingAt(INSTALL_ON_TEST).variables()
                .contains(entry(FAILURE_REASON, "« gestan-1.1.1.zip » n'est pas dans le dossier de dépôt"));
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(ARCHIVE_PRODUCTION_BASE).count()).as("production only archived in the first round").isEqualTo(1);
    }

    @Test
    void productionIsNeitherArchivedNorInstalledNorRestoredOutOfOrder() {
        ProcessInstance release = releaseAccepted();
        // accepted, not stopped nor archived yet: an install in production is refused before it is handed to a worker
        assertThat(outOfOrder(release, INSTALL_IN_PRODUCTION))
                .contains("les données de production n'ont été ni archivées ni clonées depuis la recette définitive");
        assertThat(outOfOrder(release, RESTORE_ARCHIVE)).contains("aucune décision de remise en fonction");

        // a corrected installer on test makes the earlier acceptance void
        runtimeService().createProcessInstanceModification(release.getId()).cancelAllForActivity(STOP_PRODUCTION)
                .startBeforeActivity(INSTALL_ON_TEST).execute();
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        assertThat(outOfOrder(release, STOP_PRODUCTION))
                .contains("la dernière recette définitive précède la dernière installation sur le serveur de test");
        assertThat(externalTaskService().createExternalTaskQuery().processInstanceId(release.getId())
                .activityIdIn(STOP_PRODUCTION, ARCHIVE_PRODUCTION_DATA, INSTALL_IN_PRODUCTION, RESTORE_ARCHIVE).count()).isZero();
    }

    /** What the engine says when trusted code moves the release straight to a step that touches production. */
    private static String outOfOrder(ProcessInstance release, String step) {
        runtimeService().createProcessInstanceModification(release.getId()).startBeforeActivity(step).execute();
        Job job = managementService().createJobQuery().processInstanceId(release.getId()).activityId(step).singleResult();
        Throwable refusal = org.assertj.core.api.Assertions.catchThrowable(() -> managementService().executeJob(job.getId()));
        runtimeService().createProcessInstanceModification(release.getId()).cancelAllForActivity(step).execute();
        return refusal == null ? "no refusal" : refusal.getMessage();
    }

    @Test
    void nonConformProductionGoesOnWithAWorkaround() {
        ProcessInstance release = releaseInProductionButNotConform();
        completeTask(DECIDE_ROLLBACK, with(ROLLBACK_DECISION, Choices.WORKAROUND).and(ROLLBACK_COMMENT, "Gênant")
                .and(WORKAROUND_DESCRIPTION, "Export manuel").and(WORKAROUND_REVIEW_DATE, REVIEW.toString()));
        assertThat(release).isEnded().hasPassed(END_IN_PRODUCTION_WITH_WORKAROUND).hasNotPassed(RESTORE_ARCHIVE);
        assertThat(workarounds.list(java.util.Optional.of(Workaround.Status.OPEN))).singleElement().satisfies(workaround -> {
            assertThat(workaround.decision()).isEqualTo(Workaround.Decision.ROLLBACK);
            assertThat(workaround.coveredItems()).isEqualTo("production non conforme : constat");
            assertThat(workaround.description()).isEqualTo("Export manuel");
        });
    }

    // ---------------------------------------------------------------- the decision table, through the process

    @ParameterizedTest(name = "{0} policy, {1} release: road book {2}, strategic processes {3}")
    @CsvSource({
            "strict,   major, true,  true",
            "strict,   minor, true,  true",
            "strict,   patch, true,  true",
            "standard, major, true,  true",
            "standard, minor, true,  true",
            "standard, patch, true,  false",
            "minimal,  major, true,  true",
            "minimal,  minor, true,  false",
            "minimal,  patch, false, false"})
    void policyLevelDecidesWhichChecksApply(String policyLevel, String releaseKind, boolean roadBook, boolean processes) {
        ProcessInstance release = startRelease(policyLevel, releaseKind);

        assertThat(release).hasPassed(DETERMINE_CHECKS).variables()
                .contains(entry(VERIFY_ROAD_BOOK, roadBook))
                .contains(entry(VERIFY_STRATEGIC_PROCESSES, processes));
    }

    @Test
    void unknownPolicyLevelGetsEveryCheck() {
        ProcessInstance release = startRelease("laxiste", "hotfix");

        assertThat(release).variables()
                .contains(entry(VERIFY_ROAD_BOOK, true))
                .contains(entry(VERIFY_STRATEGIC_PROCESSES, true));
    }

    // ---------------------------------------------------------------- helpers

    // ---------------------------------------------------------------- late verifications

    @Test
    void lateChangeVerificationsAreFollowedUpByTheReleaseManagerWhileTheyGoOn() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1, CHANGE_2), List.of());
        verifyChange("GES-1101", "OK", null);

        execute(timer(CHANGE_VERIFICATION_LATE));

        assertThat(lateNotices).containsExactly(CHANGE_VERIFICATION_LATE);
        Task followUp = task(taskQuery().taskDefinitionKey(FOLLOW_UP_LATE_VERIFICATIONS));
        assertThat(followUp).hasCandidateGroup("responsables-mep");
        assertThat(ofTaskLocal(taskService(), followUp.getId(), LATE_VERIFICATIONS))
                .isEqualTo("• Vérifier GES-1102 — Champ pays — non prise (groupe testeurs) — échéance "
                        + java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(
                        findVerification("GES-1102").getDueDate().toInstant().atZone(java.time.ZoneId.systemDefault())));
        complete(followUp, with(FOLLOW_UP_COMMENT, "theo relancé par téléphone"));
        assertThat(release).hasPassed(END_LATE_VERIFICATIONS_FOLLOWED_UP).isWaitingAt(VERIFY_CHANGE);

        verifyAll("OK");
        consolidate();
        assertThat(release).isWaitingAt(FINAL_ACCEPTANCE);
    }

    @Test
    void lateStrategicProcessVerificationsAreFollowedUpToo() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(), List.of(INVOICING));
        Task verification = task(taskQuery().taskDefinitionKey(VERIFY_STRATEGIC_PROCESS));
        assertThat(verification.getDueDate()).isInTheFuture();

        execute(timer(PROCESS_VERIFICATION_LATE));
        completeTask(FOLLOW_UP_LATE_VERIFICATIONS, with(FOLLOW_UP_COMMENT, "karim relancé"));

        assertThat(lateNotices).containsExactly(PROCESS_VERIFICATION_LATE);
        assertThat(release).hasPassed(PROCESS_VERIFICATION_LATE, END_LATE_VERIFICATIONS_FOLLOWED_UP)
                .isWaitingAt(VERIFY_STRATEGIC_PROCESS);
    }

    private static void asUser(String userId, Runnable action) {
        BpmnAwareTests.processEngine().getIdentityService().setAuthenticatedUserId(userId);
        try {
            action.run();
        } finally {
            BpmnAwareTests.processEngine().getIdentityService().clearAuthentication();
        }
    }

    private static Job timer(String boundaryEventId) {
        Job timer = BpmnAwareTests.processEngine().getManagementService().createJobQuery().timers()
                .activityId(boundaryEventId).singleResult();
        assertThat(timer).as("timer of " + boundaryEventId).isNotNull();
        return timer;
    }

    private ProcessInstance startRelease(String policyLevel, String releaseKind) {
        return startRelease(policyLevel, releaseKind, with(PRODUCTION_WINDOW_PLANNED, false));
    }

    private ProcessInstance startRelease(String policyLevel, String releaseKind, Map<String, Object> extra) {
        VariableMap variables = with(TARGET_VERSION, "1.1")
                .and(INSTALLER_PACKAGE, "gestan-1.1.zip")
                .and(ROAD_BOOK, "road-book.md")
                .and(POLICY_LEVEL, policyLevel)
                .and(RELEASE_KIND, releaseKind);
        variables.putAll(extra);
        ProcessInstance release = runtimeService().startProcessInstanceByKey(ReleasePolicy.PROCESS_KEY, variables);
        assertThat(release).isWaitingAt(COPY_PRODUCTION_DATA);
        return release;
    }

    private ProcessInstance releaseAccepted() {
        ProcessInstance release = startRelease("strict", "minor");
        prepareTestEnvironment(List.of(CHANGE_1), List.of());
        verifyAll("OK");
        consolidate();
        accept();
        assertThat(release).isWaitingAt(STOP_PRODUCTION);
        return release;
    }

    private ProcessInstance releaseInProductionButNotConform() {
        ProcessInstance release = releaseAccepted();
        stopAndArchive();
        installInProductionAndConfirm(Choices.PRODUCTION_KO);
        runStep(ASSESS_ROLLBACK, Topics.ASSESS_ROLLBACK, with(ROLLBACK_COST, "clients : 3 lignes modifiées"));
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK);
        return release;
    }

    private static long passed(ProcessInstance release, String activityId) {
        return historyService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(activityId).count();
    }

    private ProcessInstance releaseClonedButNotConform() {
        ProcessInstance release = releaseAccepted();
        stopAndClone();
        installInProductionAndConfirm(Choices.PRODUCTION_KO);
        runStep(ASSESS_ROLLBACK, Topics.ASSESS_ROLLBACK, Map.of(ROLLBACK_COST.name(), "depuis le clone : 2 tables"));
        assertThat(release).isWaitingAt(DECIDE_ROLLBACK);
        return release;
    }

    private void prepareTestEnvironment(List<ChangeToVerify> changes, List<ProcessToVerify> processes) {
        runStep(COPY_PRODUCTION_DATA, Topics.COPY_PRODUCTION_DATA, Map.of());
        runStep(INSTALL_ON_TEST, Topics.INSTALL_VERSION, Map.of());
        runStep(PLAN_VERIFICATIONS, Topics.PLAN_VERIFICATIONS, planned(1, changes, processes));
    }

    private static VariableMap planned(int round, List<ChangeToVerify> changes, List<ProcessToVerify> processes) {
        return with(VERIFICATION_ROUND, round)
                .and(VERIFICATION_DUE_DATE, java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(2))))
                .putValueTyped(ReleasePolicy.Vars.ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(changes))
                .putValueTyped(ReleasePolicy.Vars.STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(processes));
    }

    private void verifyChange(String changeId, String verdict, String comment) {
        complete(findVerification(changeId), with(VERDICT, verdict).and(COMMENT, comment));
    }

    private Task findVerification(String changeId) {
        return taskQuery().taskDefinitionKey(VERIFY_CHANGE).list().stream()
                .filter(task -> changeId.equals(ofTask(BpmnAwareTests.processEngine().getTaskService(),
                        task.getId(), CHANGE_ID)))
                .findFirst().orElseThrow();
    }

    private void verifyAll(String verdict) {
        for (Task task : taskQuery().taskDefinitionKeyIn(VERIFY_CHANGE, VERIFY_STRATEGIC_PROCESS).list()) {
            complete(task, with(VERDICT, verdict).and(COMMENT, "ok"));
        }
    }

    private void consolidate() {
        execute(job());
    }

    private void acceptAndArchive() {
        accept();
        stopAndArchive();
    }

    /** The final acceptance, then production archived in full while it still runs, before its window. */
    private static void accept() {
        completeTask(FINAL_ACCEPTANCE, with(ACCEPTANCE_DECISION, Choices.ACCEPTED));
        runStep(ARCHIVE_PRODUCTION_BASE, Topics.ARCHIVE_PRODUCTION_BASE, Map.of());
        runAsyncContinuation(PRODUCTION_WINDOW_GATEWAY);
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
    }

    /** Inside the window: production stopped, then archived, the archives proven to restore. */
    private static void stopAndArchive() {
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(ARCHIVE_PRODUCTION_DATA, Topics.ARCHIVE_PRODUCTION_DATA, Map.of());
        runStep(ARCHIVE_INSTALLER, Topics.ARCHIVE_INSTALLER, Map.of());
        runStep(DRILL_RESTORE, Topics.DRILL_RESTORE, with(DRILL_REPORT, "restauré et vérifié"));
    }

    /** Inside the window, production's database cloned by its server instead of archived. */
    private static void stopAndClone() {
        runAsyncContinuation(WINDOW_STILL_OPEN_GATEWAY);
        runStep(STOP_PRODUCTION, Topics.STOP_ENVIRONMENT, Map.of(CLONED_IN_SERVER.name(), true));
        runStep(CLONE_PRODUCTION_DATA, Topics.CLONE_PRODUCTION_DATA, Map.of(PRODUCTION_CLONE.name(), "gestan_rgc_1",
                PRODUCTION_CLONE_SHA256.name(), "ab12", PREVIOUS_PRODUCTION_VERSION.name(), "1.0"));
        runStep(ARCHIVE_INSTALLER_AFTER_CLONE, Topics.ARCHIVE_INSTALLER, Map.of());
    }

    /** After the reopening: the clone archived, the archive drilled, the clone dropped. */
    private static void archiveDrillAndDropTheClone() {
        runStep(EXPORT_PRODUCTION_CLONE, Topics.EXPORT_PRODUCTION_CLONE, Map.of(DATA_ARCHIVE_ID.name(), "production-data-1.0-t9"));
        runStep(DRILL_CLONE_ARCHIVE, Topics.DRILL_RESTORE, Map.of(DRILL_REPORT.name(), "restauré et vérifié"));
        runStep(DROP_PRODUCTION_CLONE, Topics.DROP_PRODUCTION_CLONE, Map.of());
    }

    private void installInProductionAndConfirm(String productionVerdict) {
        runStep(INSTALL_IN_PRODUCTION, Topics.INSTALL_VERSION, Map.of());
        runStep(START_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());
        runStep(CHECK_PRODUCTION_HEALTH, Topics.CHECK_HEALTH, with(HEALTHY, true).and(HEALTH_REPORT, "OK"));
        completeTask(CONFIRM_PRODUCTION, with(PRODUCTION_VERDICT, productionVerdict).and(PRODUCTION_COMMENT, "constat"));
        if (Choices.PRODUCTION_OK.equals(productionVerdict)) {
            runStep(REOPEN_PRODUCTION, Topics.REOPEN_ENVIRONMENT, Map.of());
        }
    }

    /** A rollback decided: in the window, production stopped, restored, started again. */
    private static void restore() {
        runAsyncContinuation(RESTORE_WINDOW_GATEWAY);
        runStep(STOP_PRODUCTION_FOR_RESTORE, Topics.STOP_ENVIRONMENT, Map.of());
        runStep(RESTORE_ARCHIVE, Topics.RESTORE_ARCHIVE, Map.of());
        runStep(START_RESTORED_PRODUCTION, Topics.START_ENVIRONMENT, Map.of());
    }

    private static void confirmRestoredProduction(String verdict) {
        completeTask(CONFIRM_RESTORED_PRODUCTION, with(RESTORED_PRODUCTION_VERDICT, verdict)
                .and(RESTORED_PRODUCTION_COMMENT, "Stocks faux après restauration"));
    }

    private static void completeTask(String taskKey, Map<String, Object> variables) {
        Task current = task(taskQuery().taskDefinitionKey(taskKey));
        assertThat(current).isNotNull();
        complete(current, variables);
    }

    /** An automated step as a worker does it: the async job runs, then the external task is completed. */
    private static void runStep(String activityId, String topic, Map<String, Object> result) {
        runAsyncContinuation(activityId);
        assertThat(externalTask(activityId)).hasTopicName(topic);
        complete(externalTask(activityId), result);
    }

    /** A rejection as a worker reports it, by a step that changes all or nothing. */
    private static void rejectStep(String activityId, String topic, String errorCode, String message) {
        rejectStep(activityId, topic, errorCode, message, false);
    }

    private static void rejectStep(String activityId, String topic, String errorCode, String message,
                                   boolean mayHaveAltered) {
        runAsyncContinuation(activityId);
        List<LockedExternalTask> locked = BpmnAwareTests.processEngine().getExternalTaskService()
                .fetchAndLock(1, "test-worker").topic(topic, 60_000).execute();
        assertThat(locked).hasSize(1);
        BpmnAwareTests.processEngine().getExternalTaskService()
                .handleBpmnError(locked.get(0).getId(), "test-worker", errorCode, message,
                        with(ENVIRONMENT_MAY_BE_ALTERED, mayHaveAltered));
    }

    private static void runAsyncContinuation(String activityId) {
        Job continuation = BpmnAwareTests.processEngine().getManagementService().createJobQuery().activityId(activityId)
                .singleResult();
        if (continuation != null) {
            execute(continuation);
        }
    }

    private static Map<String, Object> externalTaskVariables(String activityId) {
        runAsyncContinuation(activityId);
        return BpmnAwareTests.processEngine().getRuntimeService()
                .getVariables(externalTask(activityId).getExecutionId());
    }
}
