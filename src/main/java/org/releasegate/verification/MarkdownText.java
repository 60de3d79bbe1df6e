package org.releasegate.verification;

/**
 * What people wrote (a comment, a file name), put into Markdown that a Camunda Form shows: shown as written, never
 * read as a link, an image, a heading or a list by the form's Markdown renderer.
 */
final class MarkdownText {

    private MarkdownText() {
    }

    /**
     * Inside a line that starts with Markdown of ours: line-start marks ("-", "#") need no escape, nor parentheses,
     * which make a link only after a "]".
     */
    static String escape(String text) {
        return text == null ? "" : text.replaceAll("([\\\\`*_{}\\[\\]!<>|~])", "\\\\$1");
    }

    /** On one line, at most {@code max} characters (the full text is in the release report). */
    static String line(String text, int max) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return escape(oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…");
    }
}
