package org.releasegate.roadbook;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a road book written in Markdown: a heading per version, a bullet per change with its id in brackets and
 * an optional module in parentheses. Other lines (title, prose, headings without a version) are ignored; a
 * malformed bullet, or a heading that looks like a version but isn't one, is refused with its line number.
 *
 * <pre>
 * ## Version 1.1
 * - [GES-1101] (Facturation) Pénalités de retard sur les factures
 * </pre>
 */
class MarkdownRoadBookParser {

    /** "## Version 1.2", "## v1.2", "## 1.2", optionally followed by a separator and text: "## 1.2 — mars 2025". */
    private static final Pattern VERSION_HEADING =
            Pattern.compile("^#{1,6}\\s+(?:[Vv]ersion\\s+)?v?(\\d[\\w.-]*)(?:\\s*[:(].*|\\s+[-–—].*|\\s*)$");
    /** Headings that name a version: one of them not matching {@link #VERSION_HEADING} would silently merge versions. */
    private static final Pattern VERSION_LIKE_HEADING = Pattern.compile("^#{1,6}\\s+(?:[Vv]ersion\\s+)?v?\\d.*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
    private static final Pattern CHANGE = Pattern.compile("^\\[([A-Za-z0-9][\\w.-]{0,63})]\\s*(?:\\(([^)]{1,100})\\)\\s*)?+(.*)$");

    RoadBook parse(String markdown) {
        RoadBookBuilder builder = new RoadBookBuilder();
        String currentVersion = null;
        String[] lines = markdown.split("\\R", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int lineNumber = index + 1;
            Matcher heading = VERSION_HEADING.matcher(line.strip());
            if (heading.matches()) {
                currentVersion = builder.addVersion(heading.group(1), lineNumber);
                continue;
            }
            if (VERSION_LIKE_HEADING.matcher(line.strip()).matches()) {
                throw RoadBookRejected.at(lineNumber, "roadbook.reason.markdown.heading", abbreviated(line.strip()));
            }
            Matcher bullet = BULLET.matcher(line);
            if (!bullet.matches()) {
                continue;
            }
            if (currentVersion == null) {
                throw RoadBookRejected.at(lineNumber, "roadbook.reason.markdown.change-before-version");
            }
            Matcher change = CHANGE.matcher(bullet.group(1).strip());
            if (!change.matches()) {
                throw RoadBookRejected.at(lineNumber, "roadbook.reason.markdown.change", abbreviated(line.strip()));
            }
            builder.addChange(currentVersion, change.group(1), change.group(2), change.group(3), lineNumber);
        }
        return builder.build();
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
