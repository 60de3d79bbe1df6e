package org.releasegate.verification;

import java.time.Instant;

/** What a tester or key user said about one item in one verification round of a release. */
public record Verdict(String processInstanceId, int round, ItemKind kind, String itemId, String itemVersion,
                      String itemTitle, Outcome outcome, String comment, String userId, String taskId,
                      Instant recordedAt) {

    /** What was verified: a road-book change, a strategic process, or an open workaround of an earlier release. */
    public enum ItemKind {
        CHANGE("Évolution"), STRATEGIC_PROCESS("Processus stratégique"), WORKAROUND("Contournement à revérifier");

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
        OK("Conforme"), KO("Non conforme"), BLOCKED("Bloqué");

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
