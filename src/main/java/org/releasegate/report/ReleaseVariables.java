package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.*;

import java.util.List;

import org.releasegate.process.ProcessVariable;

/** Which process variables the report shows, in the order it shows them. */
final class ReleaseVariables {

    /** Where the release stands: their last values go into the release entry. */
    static final List<ProcessVariable<?>> SUMMARY = List.of(TARGET_VERSION, RELEASE_KIND, POLICY_LEVEL, INSTALLER_PACKAGE,
            ROAD_BOOK, PRODUCTION_WINDOW, PREVIOUS_PRODUCTION_VERSION, TEST_VERSION, PRODUCTION_VERSION,
            TESTED_INSTALLER_PACKAGE, INSTALLER_SHA256, TEST_DATA_DIGEST, BASE_DATA_ARCHIVE_ID, BASE_DATA_ARCHIVE_SHA256,
            PRODUCTION_CLONE, DATA_ARCHIVE_ID, DATA_ARCHIVE_SHA256, INSTALLER_ARCHIVE_ID, INSTALLER_ARCHIVE_SHA256,
            PRE_RESTORE_ARCHIVE_ID, DOWNTIME_ESTIMATE, EMERGENCY_APPROVAL);

    /** What people decide in forms; every update is a decision entry, so repeated decisions all appear. */
    static final List<ProcessVariable<?>> DECISIONS = List.of(FAILURE_DECISION, SETUP_FAILURE_DECISION,
            PREPARATION_FAILURE_DECISION, CLONE_ARCHIVE_DECISION, ACCEPTANCE_DECISION, ROLLBACK_IMPOSSIBLE_ACCEPTED, PRODUCTION_VERDICT, ROLLBACK_DECISION, RESTORED_PRODUCTION_VERDICT, INSTALLER_PACKAGE,
            TARGET_VERSION, FIX_REFERENCE, DECISION_COMMENT, WORKAROUND_DESCRIPTION, WORKAROUND_REVIEW_DATE,
            ACCEPTANCE_COMMENT, PRODUCTION_COMMENT, ROLLBACK_COMMENT, RESTORED_PRODUCTION_COMMENT, EMERGENCY, EMERGENCY_REASON, EMERGENCY_APPROVAL,
            EMERGENCY_COMMENT);

    /** What automated steps record. */
    static final List<ProcessVariable<?>> EVIDENCE = List.of(FAILURE_REASON, TEST_DATA_DIGEST, TESTED_INSTALLER_PACKAGE,
            INSTALLER_SHA256, TEST_VERSION, PREVIOUS_PRODUCTION_VERSION, BASE_DATA_ARCHIVE_ID, BASE_DATA_ARCHIVE_SHA256,
            PRODUCTION_CLONE, PRODUCTION_CLONE_SHA256, CLONE_REPORT, DATA_ARCHIVE_ID, DATA_ARCHIVE_SHA256, INSTALLER_ARCHIVE_ID, INSTALLER_ARCHIVE_SHA256, DRILL_REPORT,
            ROLLBACK_COST, PRODUCTION_VERSION,
            PRE_RESTORE_ARCHIVE_ID, INSTALL_LOG, HEALTHY);

    private ReleaseVariables() {
    }

    static boolean isDecision(String name) {
        return DECISIONS.stream().anyMatch(variable -> variable.name().equals(name));
    }

    static boolean isEvidence(String name) {
        return EVIDENCE.stream().anyMatch(variable -> variable.name().equals(name));
    }
}
