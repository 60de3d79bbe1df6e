package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Variables.ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Variables.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.VERIFICATION_ROUND;
import static org.releasegate.process.ReleasePolicy.Variables.VERIFY_ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Variables.VERIFY_STRATEGIC_PROCESSES;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.roadbook.RoadBook;
import org.releasegate.roadbook.RoadBookReader;
import org.releasegate.worker.Step;
import org.releasegate.workaround.Workaround;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.stereotype.Component;

/**
 * Lists what people verify in this round: every road-book change after the version in production up to the target
 * and every strategic process of the catalogue (as the decision table says), and — whatever the policy — every open
 * workaround of earlier releases, as one more item for the testers: is its defect fixed in this version? After an
 * urgent fix, items already verified OK in this release are not verified again; their verdicts stay recorded.
 * A malformed road book or catalogue is rejected (BPMN error) before any task is created.
 */
@Component
class PlanVerificationsStep extends Step {

    /** The key of a road-book item that stands for an open workaround (its id in the register). */
    static final String WORKAROUND_KEY = "workaround";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final Inbox inbox;
    private final Environments environments;
    private final Installer installer;
    private final VerdictRepository verdicts;
    private final StrategicProcessCatalog catalog;
    private final RoadBookReader roadBookReader;
    private final WorkaroundRepository workarounds;

    PlanVerificationsStep(Inbox inbox, Environments environments, Installer installer, VerdictRepository verdicts,
                          StrategicProcessCatalog catalog, RoadBookReader roadBookReader, WorkaroundRepository workarounds) {
        super(ReleasePolicy.Topics.PLAN_VERIFICATIONS, ReleasePolicy.Errors.ROAD_BOOK_REJECTED);
        this.inbox = inbox;
        this.environments = environments;
        this.installer = installer;
        this.verdicts = verdicts;
        this.catalog = catalog;
        this.roadBookReader = roadBookReader;
        this.workarounds = workarounds;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        int round = VERIFICATION_ROUND.find(task).orElse(0) + 1;
        List<Map<String, Object>> changes = new ArrayList<>();
        if (VERIFY_ROAD_BOOK.find(task).orElse(true)) {
            RoadBook roadBook = roadBookReader.read(inbox.resolve(ROAD_BOOK.from(task)));
            Set<String> alreadyPassed = verdicts.passedItems(task.getProcessInstanceId(), Verdict.ItemKind.CHANGE);
            roadBook.changesToVerify(installer.installedVersion(environments.installRoot("production")), TARGET_VERSION.from(task))
                    .stream()
                    .filter(change -> !alreadyPassed.contains(change.id()))
                    .forEach(change -> changes.add(item("id", change.id(), "version", change.version(),
                            "module", change.module(), "title", change.title())));
        }
        Set<String> workaroundsPassed = verdicts.passedItems(task.getProcessInstanceId(), Verdict.ItemKind.WORKAROUND);
        workarounds.openFromOtherReleases(task.getProcessInstanceId()).stream()
                .filter(workaround -> !workaroundsPassed.contains(workaround.itemId()))
                .forEach(workaround -> changes.add(recheck(workaround)));
        List<Map<String, Object>> processes = new ArrayList<>();
        if (VERIFY_STRATEGIC_PROCESSES.find(task).orElse(true)) {
            catalog.strategicProcesses().forEach(process -> processes.add(item("id", process.id(), "name", process.name(),
                    "steps", numbered(process.steps()))));
        }
        return Variables.createVariables()
                .putValue(VERIFICATION_ROUND.name(), round)
                .putValueTyped(ReleasePolicy.Variables.ROAD_BOOK_CHANGES, ReleasePolicy.itemList(changes))
                .putValueTyped(ReleasePolicy.Variables.STRATEGIC_PROCESSES, ReleasePolicy.itemList(processes));
    }

    /** A workaround as a road-book item: a tester checks whether its defect is fixed (OK) or still there. */
    private static Map<String, Object> recheck(Workaround workaround) {
        Map<String, Object> item = item("id", workaround.itemId(),
                "version", workaround.targetVersion() == null ? "?" : workaround.targetVersion(),
                "module", "Contournement décidé dans « " + (workaround.releaseName() == null
                        ? workaround.processInstanceId() : workaround.releaseName()) + " » (revue prévue le "
                        + workaround.reviewDate().format(DAY) + ") — conforme si l'anomalie est corrigée",
                "title", "Revérifier le contournement : " + workaround.description()
                        + " (pour " + workaround.coveredItems() + ")");
        item.put(WORKAROUND_KEY, Long.toString(workaround.id()));
        return item;
    }

    private static String numbered(List<String> steps) {
        return String.join("\n", IntStream.range(0, steps.size()).mapToObj(i -> (i + 1) + ". " + steps.get(i)).toList());
    }

    private static Map<String, Object> item(String... keysAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            item.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return item;
    }
}
