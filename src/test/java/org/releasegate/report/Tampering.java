package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits a report's embedded record the way someone covering their tracks would: in the indented JSON, entries are
 * separated by {@code "}, {"}.
 */
final class Tampering {

    private Tampering() {
    }

    static String replace(String report, String text, String replacement) {
        assertThat(report).contains(text);
        return report.replace(text, replacement);
    }

    static String removeEntry(String report, int seq) {
        return replace(report, entry(report, seq) + ", ", "");
    }

    static String swapWithNext(String report, int seq) {
        String first = entry(report, seq);
        String second = entry(report, seq + 1);
        return replace(report, first + ", " + second, second + ", " + first);
    }

    static String removeLast(String report, int seq) {
        return replace(report, ", " + entry(report, seq), "");
    }

    /** The text of one entry, from its opening to its closing brace. */
    static String entry(String report, int seq) {
        int seqAt = report.indexOf("\"seq\" : " + seq + ",");
        assertThat(seqAt).as("entry %s in the record", seq).isPositive();
        int start = report.lastIndexOf('{', seqAt);
        int end = report.indexOf("\n  }", seqAt) + "\n  }".length();
        return report.substring(start, end);
    }
}
