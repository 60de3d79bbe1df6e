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
import org.releasegate.message.Messages;
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
                        .map(file -> new Evidence(file.getName() == null ? Messages.text("verification.summary.evidence") : file.getName(),
                                EvidenceFiles.downloadLink(file))).toList(),
                workarounds.ofRelease(release))));
    }

    static String markdown(Facts facts) {
        List<String> lines = new ArrayList<>();
        lines.add(Messages.text("verification.summary.installer"));
        // its SHA-256 has a field of its own in the form, above
        lines.add(facts.installer() == null ? Messages.text("verification.summary.installer.none") : facts.version() == null ? MarkdownText.escape(facts.installer())
                : Messages.text("verification.summary.installer.version", MarkdownText.escape(facts.installer()), MarkdownText.escape(facts.version())));
        lines.add("");
        lines.add(Messages.text("verification.summary.verdicts"));
        Map<String, List<Verdict>> byItem = new LinkedHashMap<>();
        facts.verdicts().forEach(verdict -> byItem.computeIfAbsent(verdict.kind() + "/" + verdict.itemId(),
                key -> new ArrayList<>()).add(verdict));
        if (byItem.isEmpty()) {
            lines.add(Messages.text("verification.summary.verdicts.none"));
        }
        byItem.values().forEach(rounds -> lines.add("- **" + MarkdownText.line(item(rounds.get(0)), 200) + "** : "
                + String.join(" ; ", rounds.stream().map(verdict -> round(verdict, facts.evidence())).toList())));
        lines.add("");
        lines.add(Messages.text("verification.summary.workarounds"));
        if (facts.workarounds().isEmpty()) {
            lines.add(Messages.text("verification.summary.workarounds.none"));
        }
        facts.workarounds().forEach(workaround -> lines.add(Messages.text("verification.summary.workaround", MarkdownText.line(workaround.description(), 300), MarkdownText.line(workaround.coveredItems(), 200), MarkdownText.escape(String.valueOf(workaround.decidedBy())), DAY.format(workaround.reviewDate()))));
        String report = "\n" + Messages.text("verification.summary.report", "../../../../reports/" + facts.releaseId());
        return fitted(lines, report);
    }

    private static String item(Verdict verdict) {
        return switch (verdict.kind()) {
            case STRATEGIC_PROCESS -> Messages.text("verification.summary.process", verdict.itemTitle());
            case CHANGE, WORKAROUND -> verdict.label() + (verdict.itemTitle() == null ? "" : " — " + verdict.itemTitle());
        };
    }

    private static String round(Verdict verdict, Function<Verdict, List<Evidence>> evidence) {
        StringBuilder text = new StringBuilder(Messages.text("verification.summary.round", verdict.round())).append(" ")
                .append(verdict.passed() ? verdict.outcome().label() : "**" + verdict.outcome().label() + "**")
                .append(" (").append(MarkdownText.escape(verdict.userId() == null ? "?" : verdict.userId()));
        if (verdict.comment() != null && !verdict.comment().isBlank()) {
            text.append(Messages.text("verification.summary.comment", MarkdownText.line(verdict.comment(), MAX_COMMENT)));
        }
        List<Evidence> files = evidence.apply(verdict);
        if (!files.isEmpty()) {
            text.append(Messages.text("verification.summary.evidence-list")).append(String.join(", ", files.stream()
                    .map(file -> "[" + MarkdownText.escape(file.name()) + "](" + file.href() + ")").toList()));
        }
        return text.append(")").toString();
    }

    /** The lines that fit, then the report's link, which always does. */
    private static String fitted(List<String> lines, String report) {
        StringBuilder text = new StringBuilder();
        String cut = "\n" + Messages.text("verification.summary.cut");
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
