package org.releasegate.process;

import static org.releasegate.process.FormField.decides;
import static org.releasegate.process.FormField.file;
import static org.releasegate.process.FormField.shows;
import static org.releasegate.process.FormField.writes;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.engine.variable.value.ObjectValue;

/**
 * The backing class of {@code bpmn/release-policy.bpmn} and {@code bpmn/release-policy.dmn}: process key, element ids,
 * topics, error codes, decision values and typed variables. Keep it in step with the model: ReleasePolicyModelTest
 * fails when an id here is missing from the model.
 */
public final class ReleasePolicy {

    public static final String PROCESS_KEY = "release-policy";
    public static final String CHECKS_DECISION = "Decision_ReleaseChecks";

    private ReleasePolicy() {
    }

    /** Element ids, as they appear in the model. */
    public static final class Elements {
        public static final String START = "StartEvent_ReleaseRequested";
        public static final String DETERMINE_CHECKS = "Task_DetermineChecks";
        public static final String COPY_PRODUCTION_DATA = "Task_CopyProductionData";
        public static final String INSTALL_ON_TEST = "Task_InstallOnTest";
        public static final String PLAN_VERIFICATIONS = "Task_PlanVerifications";
        public static final String VERIFY_CHANGE = "Task_VerifyChange";
        public static final String VERIFY_STRATEGIC_PROCESS = "Task_VerifyStrategicProcess";
        public static final String CHANGE_VERIFICATION_LATE = "Event_ChangeVerificationLate";
        public static final String PROCESS_VERIFICATION_LATE = "Event_ProcessVerificationLate";
        public static final String FOLLOW_UP_LATE_VERIFICATIONS = "Task_FollowUpLateVerifications";
        public static final String CONSOLIDATE_VERDICTS = "Task_ConsolidateVerdicts";
        public static final String DECIDE_ON_FAILURE = "Task_DecideOnFailure";
        public static final String PROVIDE_CORRECTED_INSTALLER = "Task_ProvideCorrectedInstaller";
        public static final String DECIDE_SETUP_FAILURE = "Task_DecideSetupFailure";
        public static final String FINAL_ACCEPTANCE = "Task_FinalAcceptance";
        public static final String ARCHIVE_PRODUCTION_BASE = "Task_ArchiveProductionBase";
        public static final String STOP_PRODUCTION = "Task_StopProduction";
        public static final String ARCHIVE_PRODUCTION_DATA = "Task_ArchiveProductionData";
        public static final String ARCHIVE_INSTALLER = "Task_ArchiveInstaller";
        public static final String DRILL_RESTORE = "Task_DrillRestore";
        public static final String DRILL_REJECTED = "Event_DrillRejected";
        // a database its server clones in the window (clonedInServer): archived, drilled and dropped after the reopening
        public static final String CLONE_IN_SERVER_GATEWAY = "Gateway_CloneInServer";
        public static final String CLONE_PRODUCTION_DATA = "Task_CloneProductionData";
        public static final String CLONE_REJECTED = "Event_CloneRejected";
        public static final String ARCHIVE_INSTALLER_AFTER_CLONE = "Task_ArchiveInstallerAfterClone";
        public static final String CLONE_TO_ARCHIVE_GATEWAY = "Gateway_CloneToArchive";
        public static final String EXPORT_PRODUCTION_CLONE = "Task_ExportProductionClone";
        public static final String CLONE_EXPORT_REJECTED = "Event_CloneExportRejected";
        public static final String DRILL_CLONE_ARCHIVE = "Task_DrillCloneArchive";
        public static final String CLONE_ARCHIVE_DRILL_REJECTED = "Event_CloneArchiveDrillRejected";
        public static final String DROP_PRODUCTION_CLONE = "Task_DropProductionClone";
        public static final String DECIDE_CLONE_ARCHIVE_FAILURE = "Task_DecideCloneArchiveFailure";
        /**
         * The clone's archive is a phase of its own, after every way out of the window and the remedies but a restore
         * (which puts the clone back): the release goes on where {@code afterCloneArchive} says once it is done.
         */
        public static final String ARCHIVE_PRODUCTION_CLONE_PHASE = "SubProcess_ArchiveProductionClone";
        public static final String AFTER_CLONE_ARCHIVE_GATEWAY = "Gateway_AfterCloneArchive";
        // asynchronous: a calendar that offers no window becomes an incident there
        public static final String PRODUCTION_WINDOW_GATEWAY = "Gateway_ProductionWindowPlanned";
        public static final String PRODUCTION_WINDOW_REACHED = "Event_ProductionWindowReached";
        // asynchronous: checked when the stop is about to run, however late that is
        public static final String WINDOW_STILL_OPEN_GATEWAY = "Gateway_WindowStillOpen";
        public static final String INSTALL_IN_PRODUCTION = "Task_InstallInProduction";
        public static final String START_PRODUCTION = "Task_StartProduction";
        public static final String RESTART_PRODUCTION = "Task_RestartProduction";
        public static final String CHECK_PRODUCTION_HEALTH = "Task_CheckProductionHealth";
        public static final String CONFIRM_PRODUCTION = "Task_ConfirmProduction";
        public static final String REOPEN_PRODUCTION = "Task_ReopenProduction";
        /** After a failed production install: restart it as it was, or decide (the vendor's installer may have changed it). */
        public static final String PRODUCTION_ALTERED_GATEWAY = "Gateway_ProductionAltered";
        public static final String DECIDE_PREPARATION_FAILURE = "Task_DecidePreparationFailure";
        public static final String ASSESS_ROLLBACK = "Task_AssessRollback";
        public static final String DECIDE_ROLLBACK = "Task_DecideRollback";
        public static final String PROVIDE_PRODUCTION_FIX = "Task_ProvideProductionFix";
        public static final String APPROVE_EMERGENCY = "Task_ApproveEmergency";
        public static final String FINGERPRINT_EMERGENCY_FIX = "Task_FingerprintEmergencyFix";
        // asynchronous like the production window's gateway
        public static final String RESTORE_WINDOW_GATEWAY = "Gateway_RestoreWindowPlanned";
        public static final String RESTORE_WINDOW_REACHED = "Event_RestoreWindowReached";
        public static final String STOP_PRODUCTION_FOR_RESTORE = "Task_StopProductionForRestore";
        public static final String RESTORE_ARCHIVE = "Task_RestoreArchive";
        public static final String START_RESTORED_PRODUCTION = "Task_StartRestoredProduction";
        public static final String RESTART_AFTER_RESTORE_REJECTED = "Task_RestartAfterRestoreRejected";
        public static final String CHECK_RESTORED_HEALTH = "Task_CheckRestoredHealth";
        /** Operations confirm the restored production before the restore counts as done. */
        public static final String CONFIRM_RESTORED_PRODUCTION = "Task_ConfirmRestoredProduction";

        // the two "workaround" decisions: the workaround register listens on them
        public static final String FLOW_FAILURE_WORKAROUND = "Flow_FailureWorkaround";
        public static final String FLOW_ROLLBACK_WORKAROUND = "Flow_RollbackWorkaround";

        public static final String END_IN_PRODUCTION = "EndEvent_ReleaseInProduction";
        public static final String END_ABANDONED = "EndEvent_ReleaseAbandoned";
        public static final String END_IN_PRODUCTION_WITH_WORKAROUND = "EndEvent_InProductionWithWorkaround";
        public static final String END_PREVIOUS_VERSION_RESTORED = "EndEvent_PreviousVersionRestored";
        /** The restored production was found not conforming: people repair it outside the release's process. */
        public static final String END_RESTORE_NOT_CONFORM = "EndEvent_RestoreNotConform";
        public static final String END_LATE_VERIFICATIONS_FOLLOWED_UP = "EndEvent_LateVerificationsFollowedUp";

        private Elements() {
        }
    }

    /** External-task topics: one per kind of automated step. */
    public static final class Topics {
        public static final String COPY_PRODUCTION_DATA = "copy-production-data";
        public static final String INSTALL_VERSION = "install-version";
        public static final String PLAN_VERIFICATIONS = "plan-verifications";
        public static final String ARCHIVE_PRODUCTION_BASE = "archive-production-base";
        public static final String ARCHIVE_PRODUCTION_DATA = "archive-production-data";
        public static final String ARCHIVE_INSTALLER = "archive-installer";
        public static final String DRILL_RESTORE = "drill-restore";
        public static final String ASSESS_ROLLBACK = "assess-rollback";
        public static final String RESTORE_ARCHIVE = "restore-archive";
        public static final String CHECK_HEALTH = "check-health";
        public static final String STOP_ENVIRONMENT = "stop-environment";
        public static final String START_ENVIRONMENT = "start-environment";
        public static final String REOPEN_ENVIRONMENT = "reopen-environment";
        public static final String FINGERPRINT_PACKAGE = "fingerprint-package";
        public static final String CLONE_PRODUCTION_DATA = "clone-production-data";
        public static final String EXPORT_PRODUCTION_CLONE = "export-production-clone";
        public static final String DROP_PRODUCTION_CLONE = "drop-production-clone";

        private Topics() {
        }
    }

    /** BPMN error codes raised when a step's input is rejected; the model routes each to a person's decision. */
    public static final class Errors {
        public static final String COPY_REJECTED = "COPY_REJECTED";
        public static final String INSTALLER_REJECTED = "INSTALLER_REJECTED";
        public static final String ROAD_BOOK_REJECTED = "ROAD_BOOK_REJECTED";
        public static final String ARCHIVE_REJECTED = "ARCHIVE_REJECTED";
        public static final String RESTORE_REJECTED = "RESTORE_REJECTED";
        public static final String DRILL_REJECTED = "DRILL_REJECTED";
        /** The environment could not be stopped (stop command failed, writes still seen); it was started again. */
        public static final String STOP_REJECTED = "STOP_REJECTED";

        private Errors() {
        }
    }

    /** Values of the choice fields in the forms. */
    public static final class Choices {
        public static final String URGENT_FIX = "urgentFix";
        public static final String WORKAROUND = "workaround";
        public static final String ABANDON = "abandon";
        public static final String RETRY = "retry";
        public static final String RESTORE = "restore";
        public static final String ACCEPTED = "accepted";
        public static final String REFUSED = "refused";
        public static final String PRODUCTION_OK = "ok";
        public static final String PRODUCTION_KO = "ko";
        public static final String APPROVED = "approved";
        /** After a failed export or drill of the clone: no archive of the data before the release; the clone dropped. */
        public static final String DROP_CLONE = "dropClone";

        private Choices() {
        }
    }

    /** The process variables, typed (not {@code Variables}: that name is Camunda's factory of variable values). */
    public static final class Vars {
        // start form
        public static final ProcessVariable<String> TARGET_VERSION = ProcessVariable.string("targetVersion");
        public static final ProcessVariable<String> INSTALLER_PACKAGE = ProcessVariable.string("installerPackage");
        public static final ProcessVariable<String> ROAD_BOOK = ProcessVariable.string("roadBook");
        public static final ProcessVariable<String> ROAD_BOOK_SOURCE = ProcessVariable.string("roadBookSource");
        public static final ProcessVariable<String> ROAD_BOOK_TEXT = ProcessVariable.string("roadBookText");
        /** A road book uploaded with the start request (REST), a {@code File} variable. */
        public static final String ROAD_BOOK_FILE = "roadBookFile";
        public static final ProcessVariable<Boolean> EMPTY_ROAD_BOOK_CONFIRMED = ProcessVariable.bool("emptyRoadBookConfirmed");
        /** Ticked to release the version production already runs; without it such a start is refused. */
        public static final ProcessVariable<Boolean> SAME_VERSION_CONFIRMED = ProcessVariable.bool("sameVersionConfirmed");
        public static final ProcessVariable<String> RELEASE_KIND = ProcessVariable.string("releaseKind");
        public static final ProcessVariable<String> POLICY_LEVEL = ProcessVariable.string("policyLevel");
        public static final ProcessVariable<Boolean> PRODUCTION_WINDOW_PLANNED = ProcessVariable.bool("productionWindowPlanned");
        public static final ProcessVariable<String> PRODUCTION_WINDOW = ProcessVariable.string("productionWindow");
        public static final ProcessVariable<String> RELEASE_INITIATOR = ProcessVariable.string("releaseInitiator");
        /**
         * Task-local on every user task, set when it is created: which release the task belongs to, as its name ends
         * ({@link ReleaseLabel}), for the forms to show first. No form writes it.
         */
        public static final ProcessVariable<String> RELEASE_LABEL = ProcessVariable.string("releaseLabel");
        // the production window, worked out from the planned date and the change calendar (ProductionWindowPlanner)
        /** When production may first be changed: the date of the timer before the production steps. */
        public static final ProcessVariable<Date> PRODUCTION_WINDOW_START = ProcessVariable.date("productionWindowStart");
        /** When that window closes; null when nothing closes it (no calendar, or no window listed and no freeze ahead). */
        public static final ProcessVariable<Date> PRODUCTION_WINDOW_END = ProcessVariable.date("productionWindowEnd");
        /** True when the window starts later than now: the release waits for it. */
        public static final ProcessVariable<Boolean> WAIT_FOR_PRODUCTION_WINDOW = ProcessVariable.bool("waitForProductionWindow");
        /** In French, for people: the window, or that it is open now (also task-local on the final acceptance). */
        public static final ProcessVariable<String> PRODUCTION_WINDOW_TEXT = ProcessVariable.string("productionWindowText");
        /** In French, the downtime expected from the last releases, as said when the window was chosen. */
        public static final ProcessVariable<String> DOWNTIME_ESTIMATE = ProcessVariable.string("downtimeEstimate");
        // decision table
        public static final ProcessVariable<Boolean> VERIFY_ROAD_BOOK = ProcessVariable.bool("verifyRoadBook");
        public static final ProcessVariable<Boolean> VERIFY_STRATEGIC_PROCESSES = ProcessVariable.bool("verifyStrategicProcesses");
        // input of the automated steps that act on an environment
        public static final ProcessVariable<String> ENVIRONMENT = ProcessVariable.string("environment");
        /**
         * Input of the production stop that the data archive follows: a folder's watch for writes is left to that
         * archive, which proves it while it reads rather than after a wait.
         */
        public static final ProcessVariable<Boolean> WRITES_WATCHED_BY_ARCHIVE =
                ProcessVariable.bool("writesWatchedByArchive");
        // written by automated steps
        public static final ProcessVariable<String> TEST_DATA_DIGEST = ProcessVariable.string("testDataSha256");
        public static final ProcessVariable<String> TESTED_INSTALLER_PACKAGE = ProcessVariable.string("testedInstallerPackage");
        public static final ProcessVariable<String> INSTALLER_SHA256 = ProcessVariable.string("installerSha256");
        public static final ProcessVariable<String> TEST_VERSION = ProcessVariable.string("testVersion");
        public static final ProcessVariable<String> PRODUCTION_VERSION = ProcessVariable.string("productionVersion");
        /** The install's log file and its last lines (the vendor installer's output, or the migration's). */
        public static final ProcessVariable<String> INSTALL_LOG = ProcessVariable.string("installLog");
        /** The whole install log as people read it, a {@code File} variable: the report offers it as a download. */
        public static final String INSTALL_LOG_FILE = "installLogFile";
        public static final ProcessVariable<String> PREVIOUS_PRODUCTION_VERSION = ProcessVariable.string("previousProductionVersion");
        public static final ProcessVariable<Integer> VERIFICATION_ROUND = ProcessVariable.integer("verificationRound");
        /** When this round's verification tasks are due; the late-verification timers fire then. */
        public static final ProcessVariable<Date> VERIFICATION_DUE_DATE = ProcessVariable.date("verificationDueDate");
        public static final ProcessVariable<String> LATE_VERIFICATIONS = ProcessVariable.string("lateVerifications");
        public static final String ROAD_BOOK_CHANGES = "roadBookChanges";
        public static final String STRATEGIC_PROCESSES = "strategicProcesses";
        public static final ProcessVariable<Boolean> VERIFICATIONS_PASSED = ProcessVariable.bool("verificationsPassed");
        public static final ProcessVariable<String> FAILED_VERIFICATIONS = ProcessVariable.string("failedVerifications");
        /** Markdown: one link per evidence file of a failed verification, for the decision form. */
        public static final ProcessVariable<String> FAILED_EVIDENCE = ProcessVariable.string("failedEvidence");
        /** The full archive of production's data taken before the window, while it still ran. */
        public static final ProcessVariable<String> BASE_DATA_ARCHIVE_ID = ProcessVariable.string("baseDataArchiveId");
        public static final ProcessVariable<String> BASE_DATA_ARCHIVE_SHA256 = ProcessVariable.string("baseDataArchiveSha256");
        public static final ProcessVariable<String> DATA_ARCHIVE_ID = ProcessVariable.string("dataArchiveId");
        public static final ProcessVariable<String> DATA_ARCHIVE_SHA256 = ProcessVariable.string("dataArchiveSha256");
        public static final ProcessVariable<String> INSTALLER_ARCHIVE_ID = ProcessVariable.string("installerArchiveId");
        public static final ProcessVariable<String> INSTALLER_ARCHIVE_SHA256 = ProcessVariable.string("installerArchiveSha256");
        public static final ProcessVariable<String> PRE_RESTORE_ARCHIVE_ID = ProcessVariable.string("preRestoreArchiveId");
        public static final ProcessVariable<String> DRILL_REPORT = ProcessVariable.string("drillReport");
        public static final ProcessVariable<String> ROLLBACK_COST = ProcessVariable.string("rollbackCost");
        public static final ProcessVariable<Boolean> HEALTHY = ProcessVariable.bool("healthy");
        public static final ProcessVariable<String> HEALTH_REPORT = ProcessVariable.string("healthReport");
        public static final ProcessVariable<String> FAILURE_REASON = ProcessVariable.string("failureReason");
        /** When the stop step saw the environment quiet (stop command done, nothing writing any more). */
        public static final ProcessVariable<Date> ENVIRONMENT_STOPPED_AT = ProcessVariable.date("productionStoppedAt");
        /** When the start step had opened the data again and run the start command. */
        public static final ProcessVariable<Date> ENVIRONMENT_STARTED_AT = ProcessVariable.date("productionStartedAt");
        /** When the reopen step let the users back in: the end of the downtime. */
        public static final ProcessVariable<Date> ENVIRONMENT_REOPENED_AT = ProcessVariable.date("productionReopenedAt");
        /**
         * Set with every rejection of a step: whether the environment it acted on may have been partly changed
         * before the step gave up (a vendor installer that failed half-way); false for steps that change all or nothing.
         */
        public static final ProcessVariable<Boolean> ENVIRONMENT_MAY_BE_ALTERED = ProcessVariable.bool("environmentMayBeAltered");
        /**
         * Written by the stop: whether production's data is cloned by its server in the window (a PostgreSQL
         * database), rather than archived there; the clone is then archived after the reopening.
         */
        public static final ProcessVariable<Boolean> CLONED_IN_SERVER = ProcessVariable.bool("clonedInServer");
        /**
         * The clone of the stopped production on its server, until it is archived, drilled and dropped (then null: no
         * clone left to archive or to put back).
         */
        public static final ProcessVariable<String> PRODUCTION_CLONE = ProcessVariable.string("productionClone");
        /** The digest of the clone's row checksums, equal to the stopped production's: what its export must hold. */
        public static final ProcessVariable<String> PRODUCTION_CLONE_SHA256 = ProcessVariable.string("productionCloneSha256");
        /**
         * Set by the model on the way into the clone's archive: where the release goes on once it is done
         * ({@code inProduction}, {@code abandon}, {@code workaround}, {@code fixThroughTest}, {@code emergencyFix}).
         */
        public static final ProcessVariable<String> AFTER_CLONE_ARCHIVE = ProcessVariable.string("afterCloneArchive");
        /** French: the clone and its check, for the report. */
        public static final ProcessVariable<String> CLONE_REPORT = ProcessVariable.string("cloneReport");
        /** French: how the environment was stopped, for the forms and the report. */
        public static final ProcessVariable<String> STOP_REPORT = ProcessVariable.string("stopReport");
        // one verification task: the multi-instance element variables (a map each) and what the form shows of them
        public static final String CHANGE = "change";
        public static final String STRATEGIC_PROCESS = "strategicProcess";
        public static final ProcessVariable<String> CHANGE_ID = ProcessVariable.string("changeId");
        public static final ProcessVariable<String> CHANGE_MODULE = ProcessVariable.string("changeModule");
        public static final ProcessVariable<String> PROCESS_STEPS = ProcessVariable.string("processSteps");
        public static final ProcessVariable<String> CHANGE_VERSION = ProcessVariable.string("changeVersion");
        public static final ProcessVariable<String> CHANGE_TITLE = ProcessVariable.string("changeTitle");
        public static final ProcessVariable<String> PROCESS_ID = ProcessVariable.string("processId");
        public static final ProcessVariable<String> PROCESS_NAME = ProcessVariable.string("processName");
        public static final ProcessVariable<String> WORKAROUND_ID = ProcessVariable.string("workaroundId");
        /**
         * Task-local on a verification of a later round, read-only (no form field): the fix being verified and the
         * earlier verdicts on the same item, a JSON object the embedded form shows.
         */
        public static final String EARLIER_ROUNDS = "earlierRounds";
        public static final ProcessVariable<String> VERDICT = ProcessVariable.string("verdict");
        public static final ProcessVariable<String> COMMENT = ProcessVariable.string("comment");
        // decisions taken in forms
        public static final ProcessVariable<String> FAILURE_DECISION = ProcessVariable.string("failureDecision");
        public static final ProcessVariable<String> SETUP_FAILURE_DECISION = ProcessVariable.string("setupFailureDecision");
        public static final ProcessVariable<String> PREPARATION_FAILURE_DECISION = ProcessVariable.string("preparationFailureDecision");
        public static final ProcessVariable<String> DECISION_COMMENT = ProcessVariable.string("decisionComment");
        public static final ProcessVariable<String> CLONE_ARCHIVE_DECISION = ProcessVariable.string("cloneArchiveDecision");
        public static final ProcessVariable<String> WORKAROUND_DESCRIPTION = ProcessVariable.string("workaroundDescription");
        /** A date, "2026-06-30" as the form's date field sends it. */
        public static final ProcessVariable<String> WORKAROUND_REVIEW_DATE = ProcessVariable.string("workaroundReviewDate");
        public static final ProcessVariable<String> ACCEPTANCE_DECISION = ProcessVariable.string("acceptanceDecision");
        public static final ProcessVariable<String> ACCEPTANCE_COMMENT = ProcessVariable.string("acceptanceComment");
        /** Ticked at the acceptance when {@code rollbackWarning} said a rollback would be impossible. */
        public static final ProcessVariable<Boolean> ROLLBACK_IMPOSSIBLE_ACCEPTED = ProcessVariable.bool("rollbackImpossibleAccepted");
        /**
         * Task-local on the acceptance, read-only (no form field binds it): Markdown, what was verified — each round's
         * verdicts, evidence, the workarounds, the installer tested — and a link to the report.
         */
        public static final String VERIFICATION_SUMMARY = "verificationSummary";
        /** Task-local on the acceptance: why a rollback of this release would be impossible, empty when it is not. */
        public static final ProcessVariable<String> ROLLBACK_WARNING = ProcessVariable.string("rollbackWarning");
        public static final ProcessVariable<String> PRODUCTION_VERDICT = ProcessVariable.string("productionVerdict");
        public static final ProcessVariable<String> PRODUCTION_COMMENT = ProcessVariable.string("productionComment");
        /** The verdict on production after a restore, apart from the verdict on the release's install. */
        public static final ProcessVariable<String> RESTORED_PRODUCTION_VERDICT = ProcessVariable.string("restoredProductionVerdict");
        public static final ProcessVariable<String> RESTORED_PRODUCTION_COMMENT = ProcessVariable.string("restoredProductionComment");
        public static final ProcessVariable<String> ROLLBACK_DECISION = ProcessVariable.string("rollbackDecision");
        public static final ProcessVariable<String> ROLLBACK_COMMENT = ProcessVariable.string("rollbackComment");
        public static final ProcessVariable<String> FIX_REFERENCE = ProcessVariable.string("fixReference");
        /**
         * Task-local on the tasks that name a corrected installer, read-only (no form field): the inbox's files, a
         * JSON list, the choices of the installer field.
         */
        public static final String INBOX_FILES = "inboxFiles";
        /** An urgent fix for production declared too urgent for the test server: a second release manager approves. */
        public static final ProcessVariable<Boolean> EMERGENCY = ProcessVariable.bool("emergency");
        public static final ProcessVariable<String> EMERGENCY_REASON = ProcessVariable.string("emergencyReason");
        public static final ProcessVariable<String> EMERGENCY_APPROVAL = ProcessVariable.string("emergencyApproval");
        public static final ProcessVariable<String> EMERGENCY_COMMENT = ProcessVariable.string("emergencyComment");
        public static final ProcessVariable<String> FOLLOW_UP_COMMENT = ProcessVariable.string("followUpComment");
        /** Evidence files of a verification ({@code File} variables), made attachments of the task on completion. */
        public static final List<String> EVIDENCE_FILES = List.of("evidence1", "evidence2", "evidence3");

        private Vars() {
        }
    }

    /**
     * What each form of the model lets a person write (and what it only shows): the engine refuses anything else
     * when a task is completed or a release started (GateCommandGuard). FormContractTest checks these against the
     * {@code .form} files and {@code verify.html}.
     */
    public static final class Forms {
        /** A version as the vendor names it: what the start form and the corrected-installer form accept. */
        public static final String VERSION_PATTERN = "^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$";
        /** The pattern in words: its key in the message bundle. */
        private static final String VERSION_HINT = "form.version.hint";
        /**
         * The road book's sources the forms offer (their radio's values): a file of the inbox or a URL, or pasted
         * text. A REST start that uploads {@code roadBookFile} sends no source.
         */
        public static final String ROAD_BOOK_SOURCE_PATTERN = "^(reference|text)$";
        private static final String ROAD_BOOK_SOURCE_HINT = "form.road-book-source.hint";

        public static final FormContract START = FormContract.of(Elements.START,
                writes(Vars.TARGET_VERSION).matching(VERSION_PATTERN, VERSION_HINT), writes(Vars.INSTALLER_PACKAGE),
                writes(Vars.ROAD_BOOK_SOURCE).matching(ROAD_BOOK_SOURCE_PATTERN, ROAD_BOOK_SOURCE_HINT),
                writes(Vars.ROAD_BOOK), writes(Vars.ROAD_BOOK_TEXT),
                file(Vars.ROAD_BOOK_FILE), writes(Vars.EMPTY_ROAD_BOOK_CONFIRMED),
                writes(Vars.SAME_VERSION_CONFIRMED),
                writes(Vars.RELEASE_KIND), writes(Vars.POLICY_LEVEL),
                writes(Vars.PRODUCTION_WINDOW_PLANNED), writes(Vars.PRODUCTION_WINDOW))
                .requiring(Vars.ROAD_BOOK, Vars.ROAD_BOOK_SOURCE, "reference", "form.road-book.reference-required")
                .requiring(Vars.ROAD_BOOK_TEXT, Vars.ROAD_BOOK_SOURCE, "text", "form.road-book.text-required");

        private static final FormField[] VERIFICATION = {
                shows(Vars.CHANGE_ID), shows(Vars.CHANGE_VERSION), shows(Vars.CHANGE_MODULE),
                shows(Vars.CHANGE_TITLE), shows(Vars.PROCESS_NAME), shows(Vars.PROCESS_STEPS),
                writes(Vars.VERDICT), writes(Vars.COMMENT),
                file(Vars.EVIDENCE_FILES.get(0)), file(Vars.EVIDENCE_FILES.get(1)),
                file(Vars.EVIDENCE_FILES.get(2))};

        private static final FormField[] CORRECTED_INSTALLER = {
                writes(Vars.INSTALLER_PACKAGE), writes(Vars.TARGET_VERSION).matching(VERSION_PATTERN, VERSION_HINT),
                writes(Vars.FIX_REFERENCE)};

        private static final Map<String, FormContract> TASKS = Stream.of(
                FormContract.of(Elements.VERIFY_CHANGE, VERIFICATION),
                FormContract.of(Elements.VERIFY_STRATEGIC_PROCESS, VERIFICATION),
                FormContract.of(Elements.FOLLOW_UP_LATE_VERIFICATIONS,
                        shows(Vars.LATE_VERIFICATIONS), writes(Vars.FOLLOW_UP_COMMENT)),
                FormContract.of(Elements.DECIDE_ON_FAILURE,
                        shows(Vars.FAILED_VERIFICATIONS), shows(Vars.ACCEPTANCE_COMMENT),
                        decides(Vars.FAILURE_DECISION), decides(Vars.DECISION_COMMENT),
                        decides(Vars.WORKAROUND_DESCRIPTION), decides(Vars.WORKAROUND_REVIEW_DATE)),
                FormContract.of(Elements.PROVIDE_CORRECTED_INSTALLER, CORRECTED_INSTALLER),
                FormContract.of(Elements.PROVIDE_PRODUCTION_FIX, writes(Vars.INSTALLER_PACKAGE),
                        writes(Vars.TARGET_VERSION).matching(VERSION_PATTERN, VERSION_HINT),
                        writes(Vars.FIX_REFERENCE), decides(Vars.EMERGENCY), decides(Vars.EMERGENCY_REASON)),
                FormContract.of(Elements.APPROVE_EMERGENCY, shows(Vars.TARGET_VERSION),
                        shows(Vars.INSTALLER_PACKAGE), shows(Vars.FIX_REFERENCE), shows(Vars.EMERGENCY_REASON),
                        shows(Vars.PRODUCTION_COMMENT), decides(Vars.EMERGENCY_APPROVAL),
                        decides(Vars.EMERGENCY_COMMENT)),
                FormContract.of(Elements.DECIDE_SETUP_FAILURE,
                        shows(Vars.FAILURE_REASON), decides(Vars.SETUP_FAILURE_DECISION),
                        writes(Vars.ROAD_BOOK_SOURCE).matching(ROAD_BOOK_SOURCE_PATTERN, ROAD_BOOK_SOURCE_HINT),
                        writes(Vars.ROAD_BOOK), writes(Vars.ROAD_BOOK_TEXT),
                        writes(Vars.EMPTY_ROAD_BOOK_CONFIRMED), decides(Vars.DECISION_COMMENT)),
                FormContract.of(Elements.FINAL_ACCEPTANCE,
                        shows(Vars.TARGET_VERSION), shows(Vars.INSTALLER_SHA256),
                        shows(Vars.PRODUCTION_WINDOW_TEXT), shows(Vars.FAILED_VERIFICATIONS),
                        shows(Vars.WORKAROUND_DESCRIPTION), shows(Vars.ROLLBACK_WARNING),
                        decides(Vars.ACCEPTANCE_DECISION), decides(Vars.ACCEPTANCE_COMMENT),
                        decides(Vars.ROLLBACK_IMPOSSIBLE_ACCEPTED))
                        .requiring(Vars.ACCEPTANCE_COMMENT, Vars.ACCEPTANCE_DECISION, Choices.REFUSED,
                                "form.acceptance.comment-required"),
                FormContract.of(Elements.CONFIRM_PRODUCTION,
                        shows(Vars.TARGET_VERSION), shows(Vars.HEALTH_REPORT),
                        decides(Vars.PRODUCTION_VERDICT), decides(Vars.PRODUCTION_COMMENT))
                        .requiring(Vars.PRODUCTION_COMMENT, Vars.PRODUCTION_VERDICT, Choices.PRODUCTION_KO,
                                "form.production.finding-required"),
                FormContract.of(Elements.CONFIRM_RESTORED_PRODUCTION,
                        shows(Vars.PREVIOUS_PRODUCTION_VERSION), shows(Vars.PRE_RESTORE_ARCHIVE_ID),
                        shows(Vars.HEALTH_REPORT), decides(Vars.RESTORED_PRODUCTION_VERDICT),
                        decides(Vars.RESTORED_PRODUCTION_COMMENT))
                        .requiring(Vars.RESTORED_PRODUCTION_COMMENT, Vars.RESTORED_PRODUCTION_VERDICT,
                                Choices.PRODUCTION_KO,
                                "form.restored-production.finding-required"),
                FormContract.of(Elements.DECIDE_PREPARATION_FAILURE,
                        shows(Vars.FAILURE_REASON), decides(Vars.PREPARATION_FAILURE_DECISION),
                        decides(Vars.DECISION_COMMENT)),
                FormContract.of(Elements.DECIDE_CLONE_ARCHIVE_FAILURE,
                        shows(Vars.FAILURE_REASON), shows(Vars.PRODUCTION_CLONE),
                        decides(Vars.CLONE_ARCHIVE_DECISION), decides(Vars.DECISION_COMMENT)),
                FormContract.of(Elements.DECIDE_ROLLBACK,
                        shows(Vars.PRODUCTION_COMMENT), shows(Vars.FAILURE_REASON),
                        shows(Vars.ROLLBACK_COST), decides(Vars.ROLLBACK_DECISION),
                        decides(Vars.ROLLBACK_COMMENT), decides(Vars.WORKAROUND_DESCRIPTION),
                        decides(Vars.WORKAROUND_REVIEW_DATE)))
                .collect(Collectors.toUnmodifiableMap(FormContract::elementId, form -> form));

        private Forms() {
        }

        /** The form of a user task, by its element id; empty for an element the model does not give a form. */
        public static Optional<FormContract> ofTask(String taskDefinitionKey) {
            return Optional.ofNullable(TASKS.get(taskDefinitionKey));
        }

        public static Collection<FormContract> tasks() {
            return TASKS.values();
        }
    }

    /** The road-book changes (and workarounds to re-check) of a verification round, for {@code roadBookChanges}. */
    public static ObjectValue changesToVerify(List<ChangeToVerify> changes) {
        return Items.list(changes.stream().map(ChangeToVerify::toItem).toList());
    }

    /** The strategic processes of a verification round, for {@code strategicProcesses}. */
    public static ObjectValue processesToVerify(List<ProcessToVerify> processes) {
        return Items.list(processes.stream().map(ProcessToVerify::toItem).toList());
    }
}
