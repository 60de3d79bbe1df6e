package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.EMPTY_ROAD_BOOK_CONFIRMED;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_FILE;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_SOURCE;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_TEXT;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_DUE_DATE;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_ROUND;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFY_ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFY_STRATEGIC_PROCESSES;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.releasegate.environment.Environments;
import org.releasegate.RejectedInputException;
import org.releasegate.installation.InstallMethods;
import org.releasegate.message.Messages;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.ProcessToVerify;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.roadbook.RoadBook;
import org.releasegate.roadbook.RoadBookSource;
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
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final InstallMethods installMethods;
    private final VerdictRepository verdicts;
    private final StrategicProcessCatalog catalog;
    private final RoadBookSource roadBookSource;
    private final WorkaroundRepository workarounds;
    private final Clock clock;
    private final Duration timeAllowed;

    PlanVerificationsStep(InstallMethods installMethods, VerdictRepository verdicts, StrategicProcessCatalog catalog,
                          RoadBookSource roadBookSource, WorkaroundRepository workarounds, Clock clock,
                          VerificationProperties settings) {
        super(ReleasePolicy.Topics.PLAN_VERIFICATIONS, ReleasePolicy.Errors.ROAD_BOOK_REJECTED);
        this.installMethods = installMethods;
        this.verdicts = verdicts;
        this.catalog = catalog;
        this.roadBookSource = roadBookSource;
        this.workarounds = workarounds;
        this.clock = clock;
        this.timeAllowed = settings.timeAllowed();
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        int round = VERIFICATION_ROUND.find(task).orElse(0) + 1;
        List<ChangeToVerify> changes = new ArrayList<>();
        if (VERIFY_ROAD_BOOK.find(task).orElse(true)) {
            boolean confirmedEmpty = EMPTY_ROAD_BOOK_CONFIRMED.find(task).orElse(false);
            RoadBook roadBook = loadRoadBook(task);
            Optional<String> productionVersion = installMethods.installedVersion(Environments.PRODUCTION);
            String target = TARGET_VERSION.from(task);
            // Confirmed empty (say a reinstall of the version production runs, to archive it as the first release's
            // baseline): a road book without a section for that version lists nothing to verify.
            List<RoadBook.Change> toVerify = confirmedEmpty && !roadBook.covers(target)
                    ? List.of() : roadBook.changesToVerify(productionVersion, target);
            if (toVerify.isEmpty() && !confirmedEmpty) {
                throw new RejectedInputException(productionVersion.isPresent()
                        ? Messages.text("roadbook.no-change", productionVersion.get(), target)
                        : Messages.text("roadbook.no-change-nothing-installed", target));
            }
            Set<String> alreadyPassed = verdicts.passedItems(task.getProcessInstanceId(), Verdict.ItemKind.CHANGE);
            toVerify.stream()
                    .filter(change -> !alreadyPassed.contains(change.id()))
                    .forEach(change -> changes.add(ChangeToVerify.change(change.id(), change.version(), change.module(),
                            change.title())));
        }
        Set<String> workaroundsPassed = verdicts.passedItems(task.getProcessInstanceId(), Verdict.ItemKind.WORKAROUND);
        workarounds.openFromOtherReleases(task.getProcessInstanceId()).stream()
                .filter(workaround -> !workaroundsPassed.contains(workaround.itemId()))
                .forEach(workaround -> changes.add(recheck(workaround)));
        List<ProcessToVerify> processes = new ArrayList<>();
        if (VERIFY_STRATEGIC_PROCESSES.find(task).orElse(true)) {
            catalog.strategicProcesses().forEach(process -> processes.add(new ProcessToVerify(process.id(),
                    process.name(), numbered(process.steps()))));
        }
        return Variables.createVariables()
                .putValue(VERIFICATION_ROUND.name(), round)
                .putValue(VERIFICATION_DUE_DATE.name(), Date.from(clock.instant().plus(timeAllowed)))
                .putValueTyped(ReleasePolicy.Vars.ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(changes))
                .putValueTyped(ReleasePolicy.Vars.STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(processes));
    }

    /** The start form's choice wins; a REST start may instead upload the file or give the text or a reference. */
    private RoadBook loadRoadBook(ExternalTask task) throws IOException {
        Optional<String> chosen = ROAD_BOOK_SOURCE.find(task);
        String text = chosen.isEmpty() || chosen.get().equals("text") ? ROAD_BOOK_TEXT.find(task).orElse(null) : null;
        String reference = chosen.isEmpty() || chosen.get().equals("reference") ? ROAD_BOOK.find(task).orElse(null) : null;
        FileValue upload = chosen.isEmpty() ? task.getVariableTyped(ROAD_BOOK_FILE) : null;
        try (InputStream content = upload == null ? null : upload.getValue()) {
            return roadBookSource.load(upload == null ? null : upload.getFilename(), content, text, reference);
        }
    }

    /** A workaround as a road-book item: a tester checks whether its defect is fixed (OK) or still there. */
    private static ChangeToVerify recheck(Workaround workaround) {
        return new ChangeToVerify(workaround.itemId(),
                workaround.targetVersion() == null ? "?" : workaround.targetVersion(),
                Messages.text("verification.recheck.module", workaround.releaseName() == null
                        ? workaround.processInstanceId() : workaround.releaseName(),
                        workaround.reviewDate().format(DAY)),
                Messages.text("verification.recheck.title", workaround.description(), workaround.coveredItems()),
                Long.toString(workaround.id()));
    }

    private static String numbered(List<String> steps) {
        return String.join("\n", IntStream.range(0, steps.size()).mapToObj(i -> (i + 1) + ". " + steps.get(i)).toList());
    }
}
