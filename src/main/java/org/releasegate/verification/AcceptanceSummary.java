package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.TESTED_INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_VERSION;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.workaround.Workaround;
import org.releasegate.workaround.WorkaroundRepository;

/**
 * What the final acceptance shows of what it accepts (task-local {@code verificationSummary}, Markdown the form
 * shows; no field binds it): the installer tested (its SHA-256 is a field of the form), every verdict of every round on each change and
 * strategic process with its evidence, the workarounds decided in this release, and a link to the release's report,
 * where everything is in full. A text variable holds 4,000 characters: comments are cut short here, and a long list
 * ends by pointing to the report.
 */
class AcceptanceSummary implements TaskListener {

    static final int MAX_LENGTH = 3_900;
    private static final int MAX_COMMENT = 160;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** An evidence file as the form links to it. */
    record Evidence(String name, String href) {
    }

    /** The facts the summary is made of. */
    record Facts(String releaseId, String installer, String version, List<Verdict> verdicts,
                 Function<Verdict, List<Evidence>> evidence, List<Workaround> workarounds) {
    }

    private final VerdictRepository verdicts;
    private final WorkaroundRepository workarounds;

    AcceptanceSummary(VerdictRepository verdicts, WorkaroundRepository workarounds) {
        this.verdicts = verdicts;
        this.workarounds = workarounds;
    }

    @Override
    public void notify(DelegateTask task) {
        TaskService tasks = task.getProcessEngineServices().getTaskService();
        String release = task.getProcessInstanceId();
        task.setVariableLocal(ReleasePolicy.Vars.VERIFICATION_SUMMARY, markdown(new Facts(release,
                TESTED_INSTALLER_PACKAGE.find(task).orElse(null), TEST_VERSION.find(task).orElse(null),
                verdicts.ofRelease(release),
                verdict -> tasks.getTaskAttachments(verdict.taskId()).stream()
                        .map(file -> new Evidence(file.getName() == null ? "preuve" : file.getName(),
                                EvidenceFiles.downloadLink(file))).toList(),
                workarounds.ofRelease(release))));
    }

    static String markdown(Facts facts) {
        List<String> lines = new ArrayList<>();
        lines.add("#### Programme d'installation testé");
        // its SHA-256 has a field of its own in the form, above
        lines.add(facts.installer() == null ? "Non indiqué." : MarkdownText.escape(facts.installer())
                + (facts.version() == null ? "" : " (version " + MarkdownText.escape(facts.version()) + ")"));
        lines.add("");
        lines.add("#### Verdicts, tour par tour");
        Map<String, List<Verdict>> byItem = new LinkedHashMap<>();
        facts.verdicts().forEach(verdict -> byItem.computeIfAbsent(verdict.kind() + "/" + verdict.itemId(),
                key -> new ArrayList<>()).add(verdict));
        if (byItem.isEmpty()) {
            lines.add("Aucune vérification n'a été demandée pour cette version.");
        }
        byItem.values().forEach(rounds -> lines.add("- **" + MarkdownText.line(item(rounds.get(0)), 200) + "** : "
                + String.join(" ; ", rounds.stream().map(verdict -> round(verdict, facts.evidence())).toList())));
        lines.add("");
        lines.add("#### Contournements décidés");
        if (facts.workarounds().isEmpty()) {
            lines.add("Aucun.");
        }
        facts.workarounds().forEach(workaround -> lines.add("- " + MarkdownText.line(workaround.description(), 300)
                + " (pour " + MarkdownText.line(workaround.coveredItems(), 200) + ") — décidé par "
                + MarkdownText.escape(String.valueOf(workaround.decidedBy())) + ", revue le "
                + DAY.format(workaround.reviewDate())));
        String report = "\n[Rapport de la mise en production](../../../../reports/" + facts.releaseId()
                + ") : chaque vérification en entier, ses preuves et leurs empreintes.";
        return fitted(lines, report);
    }

    private static String item(Verdict verdict) {
        return switch (verdict.kind()) {
            case STRATEGIC_PROCESS -> "Processus « " + verdict.itemTitle() + " »";
            case CHANGE, WORKAROUND -> verdict.label() + (verdict.itemTitle() == null ? "" : " — " + verdict.itemTitle());
        };
    }

    private static String round(Verdict verdict, Function<Verdict, List<Evidence>> evidence) {
        StringBuilder text = new StringBuilder("tour ").append(verdict.round()).append(" ")
                .append(verdict.passed() ? verdict.outcome().label() : "**" + verdict.outcome().label() + "**")
                .append(" (").append(MarkdownText.escape(verdict.userId() == null ? "?" : verdict.userId()));
        if (verdict.comment() != null && !verdict.comment().isBlank()) {
            text.append(" : « ").append(MarkdownText.line(verdict.comment(), MAX_COMMENT)).append(" »");
        }
        List<Evidence> files = evidence.apply(verdict);
        if (!files.isEmpty()) {
            text.append(" ; preuves : ").append(String.join(", ", files.stream()
                    .map(file -> "[" + MarkdownText.escape(file.name()) + "](" + file.href() + ")").toList()));
        }
        return text.append(")").toString();
    }

    /** The lines that fit, then the report's link, which always does. */
    private static String fitted(List<String> lines, String report) {
        StringBuilder text = new StringBuilder();
        String cut = "\n- … la suite est dans le rapport.";
        for (String line : lines) {
            if (text.length() + line.length() + 1 + cut.length() + report.length() > MAX_LENGTH) {
                text.append(cut);
                break;
            }
            text.append(text.isEmpty() ? "" : "\n").append(line);
        }
        return text.append("\n").append(report).toString();
    }
}
