package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.*;

import java.util.HashMap;
import java.util.Map;

import org.releasegate.message.Messages;
import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.verification.Verdict;

/** The French words of the report, read from the bundle ({@code report.…}). */
final class ReportLabels {

    /** Who does the automated steps. */
    static final String AUTOMATED = "Release Gate";

    private static final Map<String, String> VARIABLES = new HashMap<>();
    private static final Map<String, String> CHOICES = new HashMap<>();
    private static final Map<String, String> VERDICTS = Map.of(
            Verdict.Outcome.OK.name(), Messages.text("report.verdict.ok"),
            Verdict.Outcome.KO.name(), Messages.text("report.verdict.ko"),
            Verdict.Outcome.BLOCKED.name(), Messages.text("report.verdict.blocked"));

    static {
        label(TARGET_VERSION, "report.variable.target-version");
        label(RELEASE_KIND, "report.variable.release-kind");
        label(POLICY_LEVEL, "report.variable.policy-level");
        label(INSTALLER_PACKAGE, "report.variable.installer-package");
        label(ROAD_BOOK, "report.variable.road-book");
        label(PRODUCTION_WINDOW, "report.variable.production-window");
        label(PREVIOUS_PRODUCTION_VERSION, "report.variable.previous-production-version");
        label(TEST_VERSION, "report.variable.test-version");
        label(PRODUCTION_VERSION, "report.variable.production-version");
        label(TESTED_INSTALLER_PACKAGE, "report.variable.tested-installer-package");
        label(INSTALLER_SHA256, "report.variable.installer-sha256");
        label(TEST_DATA_DIGEST, "report.variable.test-data-digest");
        label(BASE_DATA_ARCHIVE_ID, "report.variable.base-data-archive-id");
        label(BASE_DATA_ARCHIVE_SHA256, "report.variable.base-data-archive-sha256");
        label(DOWNTIME_ESTIMATE, "report.variable.downtime-estimate");
        label(PRODUCTION_CLONE, "report.variable.production-clone");
        label(PRODUCTION_CLONE_SHA256, "report.variable.production-clone-sha256");
        label(CLONE_REPORT, "report.variable.clone-report");
        label(DATA_ARCHIVE_ID, "report.variable.data-archive-id");
        label(DATA_ARCHIVE_SHA256, "report.variable.data-archive-sha256");
        label(INSTALLER_ARCHIVE_ID, "report.variable.installer-archive-id");
        label(INSTALLER_ARCHIVE_SHA256, "report.variable.installer-archive-sha256");
        label(PRE_RESTORE_ARCHIVE_ID, "report.variable.pre-restore-archive-id");
        label(HEALTHY, "report.variable.healthy");
        label(DRILL_REPORT, "report.variable.drill-report");
        label(ROLLBACK_COST, "report.variable.rollback-cost");
        label(INSTALL_LOG, "report.variable.install-log");
        label(FAILURE_REASON, "report.variable.failure-reason");
        label(FAILURE_DECISION, "report.variable.failure-decision");
        label(SETUP_FAILURE_DECISION, "report.variable.setup-failure-decision");
        label(PREPARATION_FAILURE_DECISION, "report.variable.preparation-failure-decision");
        label(CLONE_ARCHIVE_DECISION, "report.variable.clone-archive-decision");
        label(ACCEPTANCE_DECISION, "report.variable.acceptance-decision");
        label(ROLLBACK_IMPOSSIBLE_ACCEPTED, "report.variable.rollback-impossible-accepted");
        label(PRODUCTION_VERDICT, "report.variable.production-verdict");
        label(RESTORED_PRODUCTION_VERDICT, "report.variable.restored-production-verdict");
        label(RESTORED_PRODUCTION_COMMENT, "report.variable.restored-production-comment");
        label(ROLLBACK_DECISION, "report.variable.rollback-decision");
        label(FIX_REFERENCE, "report.variable.fix-reference");
        label(DECISION_COMMENT, "report.variable.decision-comment");
        label(WORKAROUND_DESCRIPTION, "report.variable.workaround-description");
        label(WORKAROUND_REVIEW_DATE, "report.variable.workaround-review-date");
        label(ACCEPTANCE_COMMENT, "report.variable.acceptance-comment");
        label(PRODUCTION_COMMENT, "report.variable.production-comment");
        label(ROLLBACK_COMMENT, "report.variable.rollback-comment");
        label(EMERGENCY, "report.variable.emergency");
        label(EMERGENCY_REASON, "report.variable.emergency-reason");
        label(EMERGENCY_APPROVAL, "report.variable.emergency-approval");
        label(EMERGENCY_COMMENT, "report.variable.emergency-comment");

        CHOICES.put(Choices.URGENT_FIX, Messages.text("report.choice.urgent-fix"));
        CHOICES.put(Choices.WORKAROUND, Messages.text("report.choice.workaround"));
        CHOICES.put(Choices.ABANDON, Messages.text("report.choice.abandon"));
        CHOICES.put(Choices.RETRY, Messages.text("report.choice.retry"));
        CHOICES.put(Choices.RESTORE, Messages.text("report.choice.restore"));
        CHOICES.put(Choices.ACCEPTED, Messages.text("report.choice.accepted"));
        CHOICES.put(Choices.REFUSED, Messages.text("report.choice.refused"));
        CHOICES.put(Choices.PRODUCTION_OK, Messages.text("report.choice.production-ok"));
        CHOICES.put(Choices.PRODUCTION_KO, Messages.text("report.choice.production-ko"));
        CHOICES.put(Choices.APPROVED, Messages.text("report.choice.approved"));
        CHOICES.put("major", Messages.text("report.choice.major"));
        CHOICES.put("minor", Messages.text("report.choice.minor"));
        CHOICES.put("patch", Messages.text("report.choice.patch"));
        CHOICES.put("strict", Messages.text("report.choice.strict"));
        CHOICES.put("standard", Messages.text("report.choice.standard"));
        CHOICES.put("minimal", Messages.text("report.choice.minimal"));
    }

    private ReportLabels() {
    }

    static String variable(String name) {
        return VARIABLES.getOrDefault(name, name);
    }

    /** A variable's value as people read it: the label of a choice, "conforme" for a passed health check. */
    static String value(String name, String value) {
        if (HEALTHY.name().equals(name)) {
            return Messages.text(Boolean.parseBoolean(value) ? "report.health.ok" : "report.health.ko");
        }
        return CHOICES.getOrDefault(value, value);
    }

    static String verdict(String outcome) {
        return VERDICTS.getOrDefault(outcome, outcome);
    }

    static String itemKind(String kind) {
        for (Verdict.ItemKind known : Verdict.ItemKind.values()) {
            if (known.name().equals(kind)) {
                return known.label();
            }
        }
        return Verdict.ItemKind.CHANGE.label();
    }

    static String entryKind(EntryKind kind) {
        return switch (kind) {
            case RELEASE -> Messages.text("report.entry.release");
            case STEP -> Messages.text("report.entry.step");
            case INCIDENT -> Messages.text("report.entry.incident");
            case VERDICT -> Messages.text("report.entry.verdict");
            case ATTACHMENT -> Messages.text("report.entry.attachment");
            case DECISION -> Messages.text("report.entry.decision");
            case EVIDENCE -> Messages.text("report.entry.evidence");
            case INTERVENTION -> Messages.text("report.entry.intervention");
            case SEAL -> Messages.text("report.entry.seal");
        };
    }

    /** @param key the label's key in the bundle */
    private static void label(ProcessVariable<?> variable, String key) {
        VARIABLES.put(variable.name(), Messages.text(key));
    }
}
