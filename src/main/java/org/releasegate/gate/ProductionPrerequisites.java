package org.releasegate.gate;

import static org.releasegate.process.ReleasePolicy.Vars.ACCEPTANCE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.CLONE_ARCHIVE_DECISION;
import static org.releasegate.process.ReleasePolicy.Vars.EMERGENCY_APPROVAL;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_IMPOSSIBLE_ACCEPTED;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_DECISION;

import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.TaskCompleter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a step touches production — stopping it, archiving it, installing in it, restoring it — checks in the release's history
 * that what the policy requires before it happened in this release: the final acceptance, signed after the last
 * install on test by someone other than the person who started the release; both archives taken after that
 * acceptance; a second production install covered by a new acceptance or an approved emergency; a restore decided
 * after the production install by someone other than the starter; the clone of production taken in the window dropped
 * only once its archive restored in the drill, or once the release manager gave that archive up; before the stop, a rollback possible (the program
 * production runs is archived) or its impossibility accepted at the acceptance. It runs when the
 * step starts, inside the engine, however the release got there; a refusal stops the step before it is handed to a
 * worker and shows as an incident in Cockpit.
 */
class ProductionPrerequisites implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionPrerequisites.class);

    static final Set<String> GUARDED = Set.of(Elements.STOP_PRODUCTION, Elements.ARCHIVE_PRODUCTION_DATA,
            Elements.CLONE_PRODUCTION_DATA, Elements.ARCHIVE_INSTALLER, Elements.ARCHIVE_INSTALLER_AFTER_CLONE, Elements.INSTALL_IN_PRODUCTION, Elements.STOP_PRODUCTION_FOR_RESTORE,
            Elements.RESTORE_ARCHIVE, Elements.DROP_PRODUCTION_CLONE);

    private final boolean fourEyes;
    private final Callable<Optional<String>> rollbackImpossibility;

    /** @param rollbackImpossibility why a rollback would be impossible now (French), empty when it is possible */
    ProductionPrerequisites(boolean fourEyes, Callable<Optional<String>> rollbackImpossibility) {
        this.fourEyes = fourEyes;
        this.rollbackImpossibility = rollbackImpossibility;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Release release = new Release(execution);
        switch (execution.getCurrentActivityId()) {
            case Elements.STOP_PRODUCTION -> {
                release.acceptance();
                release.rollbackPossibleOrImpossibilityAccepted();
            }
            case Elements.ARCHIVE_PRODUCTION_DATA, Elements.CLONE_PRODUCTION_DATA, Elements.ARCHIVE_INSTALLER,
                 Elements.ARCHIVE_INSTALLER_AFTER_CLONE -> release.acceptance();
            case Elements.INSTALL_IN_PRODUCTION -> {
                Date accepted = release.acceptance();
                // Archived in the window, or cloned by their server there (archived after the reopening).
                release.doneSince(Set.of(Elements.ARCHIVE_PRODUCTION_DATA, Elements.CLONE_PRODUCTION_DATA), accepted,
                        "gate.production.data-not-archived");
                release.doneSince(Set.of(Elements.ARCHIVE_INSTALLER, Elements.ARCHIVE_INSTALLER_AFTER_CLONE), accepted,
                        "gate.production.installer-not-archived");
                release.fixAcceptedOrApprovedSinceTheLastProductionInstall(accepted);
            }
            case Elements.STOP_PRODUCTION_FOR_RESTORE, Elements.RESTORE_ARCHIVE -> release.restoreDecision();
            case Elements.DROP_PRODUCTION_CLONE -> release.cloneArchivedOrGivenUp();
            default -> {
            }
        }
    }

    /** One release's history, as the checks read it. */
    private final class Release {

        private final DelegateExecution execution;
        private final HistoryService history;
        private final String id;

        Release(DelegateExecution execution) {
            this.execution = execution;
            this.history = execution.getProcessEngineServices().getHistoryService();
            this.id = execution.getProcessInstanceId();
        }

        /** When the final acceptance that covers the version on test was signed. */
        Date acceptance() {
            HistoricTaskInstance acceptance = lastCompleted(Elements.FINAL_ACCEPTANCE)
                    .orElseThrow(() -> refused("gate.production.no-acceptance"));
            lastDone(Elements.INSTALL_ON_TEST).filter(installed -> acceptance.getEndTime().before(installed))
                    .ifPresent(installed -> {
                        throw refused("gate.production.acceptance-before-install");
                    });
            if (!Choices.ACCEPTED.equals(ACCEPTANCE_DECISION.find(execution).orElse(null))) {
                throw refused("gate.production.not-accepted");
            }
            requireFourEyes(acceptance, "gate.production.acceptance-by-starter");
            return acceptance.getEndTime();
        }

        void restoreDecision() {
            HistoricTaskInstance decision = lastCompleted(Elements.DECIDE_ROLLBACK)
                    .orElseThrow(() -> refused("gate.production.no-restore-decision"));
            lastDone(Elements.INSTALL_IN_PRODUCTION).filter(installed -> decision.getEndTime().before(installed))
                    .ifPresent(installed -> {
                        throw refused("gate.production.restore-decision-before-install");
                    });
            if (!Choices.RESTORE.equals(ROLLBACK_DECISION.find(execution).orElse(null))) {
                throw refused("gate.production.restore-not-decided");
            }
            requireFourEyes(decision, "gate.production.restore-by-starter");
        }

        /**
         * The clone taken in the window is the only copy of production's data before the release until its archive
         * restored in the drill: it is dropped after that drill, or when the release manager gave that archive up.
         */
        void cloneArchivedOrGivenUp() {
            Optional<Date> cloned = lastDone(Elements.CLONE_PRODUCTION_DATA);
            if (cloned.isEmpty()) {
                return;
            }
            boolean drilled = lastDone(Elements.DRILL_CLONE_ARCHIVE).filter(done -> done.after(cloned.get())).isPresent();
            boolean givenUp = lastCompleted(Elements.DECIDE_CLONE_ARCHIVE_FAILURE)
                    .filter(decision -> decision.getEndTime().after(cloned.get())).isPresent()
                    && Choices.DROP_CLONE.equals(CLONE_ARCHIVE_DECISION.find(execution).orElse(null));
            if (!drilled && !givenUp) {
                throw refused("gate.production.clone-not-archived");
            }
        }

        /**
         * A second production install in the release (an urgent fix after a non-conforming production) needs either
         * an acceptance signed since the first — the fix went through test — or an emergency approved since, by
         * someone other than the starter.
         */
        void fixAcceptedOrApprovedSinceTheLastProductionInstall(Date accepted) {
            Optional<Date> installed = lastDone(Elements.INSTALL_IN_PRODUCTION);
            if (installed.isEmpty() || accepted.after(installed.get())) {
                return;
            }
            HistoricTaskInstance approval = lastCompleted(Elements.APPROVE_EMERGENCY)
                    .filter(task -> task.getEndTime().after(installed.get()))
                    .orElseThrow(() -> refused("gate.production.fix-not-approved"));
            if (!Choices.APPROVED.equals(EMERGENCY_APPROVAL.find(execution).orElse(null))) {
                throw refused("gate.production.emergency-not-approved");
            }
            requireFourEyes(approval, "gate.production.emergency-by-starter");
        }

        /** Asked when production is about to stop: an archive made or deleted since the acceptance counts. */
        void rollbackPossibleOrImpossibilityAccepted() {
            Optional<String> impossibility;
            try {
                impossibility = rollbackImpossibility.call();
            } catch (Exception e) {
                LOG.warn("Release {}: the archives could not be read to know whether a rollback is possible", id, e);
                throw refused("gate.production.archives-unreadable");
            }
            if (impossibility.isPresent() && !ROLLBACK_IMPOSSIBLE_ACCEPTED.find(execution).orElse(false)) {
                throw refused("gate.production.rollback-impossible", impossibility.get());
            }
        }

        /** @param otherwise the reason of the refusal: its key in the message bundle */
        void doneSince(String activityId, Date since, String otherwise) {
            doneSince(Set.of(activityId), since, otherwise);
        }

        /** One of {@code activityIds} done since. */
        void doneSince(Set<String> activityIds, Date since, String otherwise) {
            if (activityIds.stream().map(this::lastDone).flatMap(Optional::stream).noneMatch(done -> !done.before(since))) {
                throw refused(otherwise);
            }
        }

        private Optional<HistoricTaskInstance> lastCompleted(String taskKey) {
            return history.createHistoricTaskInstanceQuery().processInstanceId(id).taskDefinitionKey(taskKey)
                    .finished().list().stream()
                    .filter(task -> "completed".equals(task.getDeleteReason()))
                    .max(Comparator.comparing(HistoricTaskInstance::getEndTime));
        }

        /** When the step last ended normally (not cancelled by a rejection). */
        private Optional<Date> lastDone(String activityId) {
            return history.createHistoricActivityInstanceQuery().processInstanceId(id).activityId(activityId)
                    .finished().list().stream()
                    .filter(step -> !step.isCanceled())
                    .map(HistoricActivityInstance::getEndTime)
                    .max(Comparator.naturalOrder());
        }

        private void requireFourEyes(HistoricTaskInstance task, String otherwise) {
            if (fourEyes && TaskCompleter.of(history, task).filter(initiators()::contains).isPresent()) {
                throw refused(otherwise);
            }
        }

        private Set<String> initiators() {
            Set<String> initiators = new HashSet<>();
            HistoricProcessInstance release = history.createHistoricProcessInstanceQuery().processInstanceId(id)
                    .singleResult();
            if (release != null && release.getStartUserId() != null) {
                initiators.add(release.getStartUserId());
            }
            RELEASE_INITIATOR.find(execution).ifPresent(initiators::add);
            return initiators;
        }

        /** The incident operations read in Cockpit: the step, and the reason read from the bundle. */
        private ProcessEngineException refused(String reasonKey, Object... arguments) {
            return new ProcessEngineException(Messages.text("gate.production.refused",
                    execution.getCurrentActivityName(), Messages.text(reasonKey, arguments)));
        }
    }
}
