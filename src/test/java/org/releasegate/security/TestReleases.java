package org.releasegate.security;

import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.FAILURE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERDICT;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_CHANGES;
import static org.releasegate.process.ReleasePolicy.Vars.STRATEGIC_PROCESSES;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.VERDICT;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.ProcessToVerify;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;

/**
 * Releases placed directly at one user task (process instance modification, as trusted code without an
 * authenticated user), so a test works on a task without running the automated steps on the demo servers. Every
 * completion the tests make leads to another user task or an end, never to an automated step.
 */
final class TestReleases {

    static final String BUSINESS_KEY = "Test des autorisations";
    /** Camunda's id of the element that holds all instances of a multi-instance task. */
    private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

    private final ProcessEngine engine;
    private final List<String> created = new ArrayList<>();

    TestReleases(ProcessEngine engine) {
        this.engine = engine;
    }

    /** A release started by {@code initiator}, waiting at one task of {@code taskKey}; two for verifications. */
    Task taskOf(String taskKey, String initiator) {
        String releaseId = releaseAt(taskKey, initiator);
        return engine.getTaskService().createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey)
                .listPage(0, 1).get(0);
    }

    String releaseAt(String taskKey, String initiator) {
        boolean verification = Elements.VERIFY_CHANGE.equals(taskKey) || Elements.VERIFY_STRATEGIC_PROCESS.equals(taskKey);
        VariableMap variables = with(TARGET_VERSION, "9.9").and(RELEASE_INITIATOR, initiator)
                .and(ReleasePolicy.Vars.VERIFICATION_DUE_DATE,
                        java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(2))))
                .and(ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(List.of(
                        ChangeToVerify.change("GES-9901", "9.9", "Ventes", "Remise par client"),
                        ChangeToVerify.change("GES-9902", "9.9", "Stock", "Inventaire tournant"))))
                .and(STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(List.of(
                        new ProcessToVerify("facturation", "Facturation", "Créer une facture"),
                        new ProcessToVerify("paie", "Paie", "Calculer la paie"))));
        String releaseId = engine.getRuntimeService().createProcessInstanceByKey(ReleasePolicy.PROCESS_KEY)
                .businessKey(BUSINESS_KEY)
                .setVariables(variables)
                .startBeforeActivity(verification ? taskKey + MULTI_INSTANCE_BODY : taskKey)
                .execute()
                .getId();
        created.add(releaseId);
        return releaseId;
    }

    /** Remembers a release started by a test through an API, to delete it afterwards. */
    void created(String releaseId) {
        created.add(releaseId);
    }

    /** Variables that complete a task of this kind without leading to an automated step. */
    static Map<String, Object> harmlessCompletion(String taskKey) {
        return switch (taskKey) {
            case Elements.VERIFY_CHANGE, Elements.VERIFY_STRATEGIC_PROCESS -> with(VERDICT, "OK");
            // refused → the release manager decides on the failure (a user task)
            case Elements.FINAL_ACCEPTANCE -> with(ACCEPTANCE_DECISION, Choices.REFUSED)
                    .and(ReleasePolicy.Vars.ACCEPTANCE_COMMENT, "Pas encore");
            // production not right → the rollback decision (a user task)
            case Elements.CONFIRM_PRODUCTION -> with(PRODUCTION_VERDICT, Choices.PRODUCTION_KO)
                    .and(ReleasePolicy.Vars.PRODUCTION_COMMENT, "Factures en erreur");
            case Elements.DECIDE_ON_FAILURE -> with(FAILURE_DECISION, Choices.ABANDON);
            case Elements.DECIDE_ROLLBACK -> with(ReleasePolicy.Vars.ROLLBACK_DECISION, Choices.WORKAROUND)
                    .and(ReleasePolicy.Vars.WORKAROUND_DESCRIPTION, "Saisie manuelle")
                    .and(ReleasePolicy.Vars.WORKAROUND_REVIEW_DATE, java.time.LocalDate.now().plusMonths(1).toString());
            default -> throw new IllegalArgumentException("No harmless completion known for " + taskKey);
        };
    }

    /** A release that ended (abandoned), with history: activities, a task, variables. */
    String finishedRelease(String initiator) {
        Task decision = taskOf(Elements.DECIDE_ON_FAILURE, initiator);
        engine.getTaskService().complete(decision.getId(), harmlessCompletion(Elements.DECIDE_ON_FAILURE));
        return decision.getProcessInstanceId();
    }

    /** Deletes the releases still running that the tests created. */
    void deleteAll() {
        created.forEach(this::delete);
        created.clear();
    }

    /** A completion may have handed the release to the job executor (an asynchronous step): retry if it raced us. */
    private void delete(String releaseId) {
        for (int attempt = 1; ; attempt++) {
            try {
                engine.getRuntimeService().deleteProcessInstanceIfExists(releaseId, "test over", true, true, true, true);
                return;
            } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
