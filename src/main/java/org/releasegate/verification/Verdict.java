package org.releasegate.verification;

import java.time.Instant;

import org.releasegate.message.Messages;

/** What a tester or key user said about one item in one verification round of a release. */
public record Verdict(String processInstanceId, int round, ItemKind kind, String itemId, String itemVersion,
                      String itemTitle, Outcome outcome, String comment, String userId, String taskId,
                      Instant recordedAt) {

    /** What was verified: a road-book change, a strategic process, or an open workaround of an earlier release. */
    public enum ItemKind {
        CHANGE(Messages.text("verification.item.change")), STRATEGIC_PROCESS(Messages.text("verification.item.process")),
        WORKAROUND(Messages.text("verification.item.workaround"));

        private final String label;

        ItemKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The values of the verdict field in the verification forms. */
    public enum Outcome {
        OK(Messages.text("verification.outcome.ok")), KO(Messages.text("verification.outcome.ko")),
        BLOCKED(Messages.text("verification.outcome.blocked"));

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Outcome parse(String value) {
            for (Outcome outcome : values()) {
                if (outcome.name().equals(value)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("Unknown verdict: " + value);
        }
    }

    private boolean hasId() {
        return kind != ItemKind.STRATEGIC_PROCESS;
    }

    public boolean passed() {
        return outcome == Outcome.OK;
    }

    /** The id and version of a change or workaround, or the strategic process's name. */
    String label() {
        return hasId() ? itemId + (itemVersion == null ? "" : " (" + itemVersion + ")") : itemTitle;
    }

    /** One line of the failure summary shown to the release manager. */
    String summaryLine() {
        return outcome.label + " : " + label() + (hasId() && itemTitle != null ? " — " + itemTitle : "")
                + "\n    " + (userId == null ? "?" : userId) + " : " + (comment == null ? "" : comment);
    }
}
