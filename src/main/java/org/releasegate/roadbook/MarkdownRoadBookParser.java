package org.releasegate.roadbook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.RejectedInputException;

/**
 * Reads a road book written in Markdown: a heading per version, a bullet per change with its id in brackets and
 * an optional module in parentheses. Other lines (title, prose) are ignored; a malformed bullet is refused with
 * its line number.
 *
 * <pre>
 * ## Version 1.1
 * - [GES-1101] (Facturation) Pénalités de retard sur les factures
 * </pre>
 */
public class MarkdownRoadBookParser {

    private static final Pattern VERSION_HEADING = Pattern.compile("^#{1,6}\\s+(?:[Vv]ersion\\s+)?v?(\\d[\\w.-]*)\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
    private static final Pattern CHANGE = Pattern.compile("^\\[([A-Za-z0-9][\\w.-]{0,63})]\\s*(?:\\(([^)]{1,100})\\)\\s*)?(.+)$");

    public RoadBook parse(String markdown) {
        List<RoadBook.Version> versions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> versionNumbers = new HashSet<>();
        String currentVersion = null;
        List<RoadBook.Change> currentChanges = null;
        String[] lines = markdown.split("\\R", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int lineNumber = index + 1;
            Matcher heading = VERSION_HEADING.matcher(line.strip());
            if (heading.matches()) {
                currentVersion = heading.group(1);
                if (!versionNumbers.add(currentVersion)) {
                    throw rejected(lineNumber, "version " + currentVersion + " appears twice");
                }
                currentChanges = new ArrayList<>();
                versions.add(new RoadBook.Version(currentVersion, currentChanges));
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            if (!bullet.matches()) {
                continue;
            }
            if (currentVersion == null) {
                throw rejected(lineNumber, "a change comes before any version heading (e.g. '## Version 1.1')");
            }
            Matcher change = CHANGE.matcher(bullet.group(1).strip());
            if (!change.matches()) {
                throw rejected(lineNumber, "a change must read '- [ID] (Module) description', found '" + line.strip() + "'");
            }
            String id = change.group(1);
            if (!ids.add(id)) {
                throw rejected(lineNumber, "change id " + id + " appears twice");
            }
            String module = change.group(2) == null ? "" : change.group(2).strip();
            currentChanges.add(new RoadBook.Change(id, currentVersion, module, change.group(3).strip()));
        }
        if (versions.isEmpty()) {
            throw new RejectedInputException("Road book: no version heading found (e.g. '## Version 1.1')");
        }
        return new RoadBook(versions);
    }

    private static RejectedInputException rejected(int line, String reason) {
        return new RejectedInputException("Road book, line " + line + ": " + reason);
    }
}
