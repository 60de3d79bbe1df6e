package org.releasegate.roadbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.releasegate.message.Messages;

/**
 * Collects the versions and changes read by every format's parser and applies the rules they share, so a road book
 * is accepted or refused the same way whatever its format. Each refusal names the line of the input.
 */
final class RoadBookBuilder {

    static final int MAX_CHANGES = 10_000;
    static final int MAX_VERSIONS = 10_000;
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_MODULE_LENGTH = 100;
    static final int MAX_TITLE_LENGTH = 2_000;

    /** Parts separated by single dots or dashes, the first starting with a digit: 1.1, 2024.10, 1.2-RC1. */
    private static final Pattern VERSION = Pattern.compile("\\d[A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*");
    private static final int MAX_VERSION_LENGTH = 64;

    private final Map<String, List<RoadBook.Change>> changesByVersion = new LinkedHashMap<>();
    /** Each version as written and its first line, keyed by version order: 1.1 and 1.1.0 are the same version. */
    private final Map<String, Integer> versionLines = new TreeMap<>(VersionNumbers.ORDER);
    private final Map<String, String> writtenVersions = new TreeMap<>(VersionNumbers.ORDER);
    private final Map<String, Integer> idLines = new HashMap<>();
    private int changeCount;

    /** Starts a new version section; a version may appear only once. Returns the version number as stored. */
    String addVersion(String number, int line) {
        String version = validVersion(number, line);
        Integer firstLine = versionLines.get(version);
        if (firstLine != null) {
            throw RoadBookRejected.at(line, "roadbook.reason.version-twice", version, firstLine);
        }
        if (versionLines.size() >= MAX_VERSIONS) {
            throw RoadBookRejected.at(line, "roadbook.reason.too-many-versions", MAX_VERSIONS);
        }
        versionLines.put(version, line);
        writtenVersions.put(version, version);
        changesByVersion.put(version, new ArrayList<>());
        return version;
    }

    /** Adds a change to a version, creating the version on first use (formats with one row per change). */
    void addChangeToVersion(String number, String id, String module, String title, int line) {
        String version = validVersion(number, line);
        if (!changesByVersion.containsKey(version)) {
            String written = writtenVersions.get(version);
            if (written != null) {
                throw RoadBookRejected.at(line, "roadbook.reason.version-written-otherwise", version, written,
                        versionLines.get(version));
            }
            addVersion(version, line);
        }
        addChange(version, id, module, title, line);
    }

    /** Adds a change to a version returned by {@link #addVersion}. */
    void addChange(String version, String id, String module, String title, int line) {
        String validId = required(id, "roadbook.reason.missing-id", line);
        checkId(validId, line);
        Integer firstLine = idLines.get(validId);
        if (firstLine != null) {
            throw RoadBookRejected.at(line, "roadbook.reason.id-twice", validId, firstLine);
        }
        String validModule = module == null ? "" : module.strip();
        checkLength(validModule, "roadbook.field.module", MAX_MODULE_LENGTH, line);
        checkNoControlCharacters(validModule, "roadbook.field.module", false, line);
        String validTitle = required(title, "roadbook.reason.missing-title", line);
        checkLength(validTitle, "roadbook.field.title", MAX_TITLE_LENGTH, line);
        checkNoControlCharacters(validTitle, "roadbook.field.title", true, line);
        if (++changeCount > MAX_CHANGES) {
            throw RoadBookRejected.at(line, "roadbook.reason.too-many-changes", MAX_CHANGES);
        }
        idLines.put(validId, line);
        changesByVersion.get(version).add(new RoadBook.Change(validId, version, validModule, validTitle));
    }

    RoadBook build() {
        if (changesByVersion.isEmpty()) {
            throw RoadBookRejected.whole("roadbook.reason.no-version");
        }
        List<RoadBook.Version> versions = new ArrayList<>();
        changesByVersion.forEach((number, changes) -> versions.add(new RoadBook.Version(number, List.copyOf(changes))));
        return new RoadBook(List.copyOf(versions));
    }

    private static String validVersion(String number, int line) {
        String version = required(number, "roadbook.reason.missing-version", line);
        if (version.length() > 1 && (version.charAt(0) == 'v' || version.charAt(0) == 'V') && Character.isDigit(version.charAt(1))) {
            version = version.substring(1);
        }
        if (version.length() > MAX_VERSION_LENGTH || !VERSION.matcher(version).matches()) {
            throw RoadBookRejected.at(line, "roadbook.reason.not-a-version", printable(version));
        }
        return version;
    }

    /** @param missingKey the reason when the value is missing */
    private static String required(String value, String missingKey, int line) {
        if (value == null || value.isBlank()) {
            throw RoadBookRejected.at(line, missingKey);
        }
        return value.strip();
    }

    private static void checkId(String id, int line) {
        checkLength(id, "roadbook.field.id", MAX_ID_LENGTH, line);
        boolean invisible = id.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        if (invisible) {
            throw RoadBookRejected.at(line, "roadbook.reason.id-spaces", printable(id));
        }
    }

    /** @param fieldKey the field as the reason names it ({@code roadbook.field.…}) */
    private static void checkLength(String value, String fieldKey, int max, int line) {
        if (value.length() > max) {
            throw RoadBookRejected.at(line, "roadbook.reason.too-long", Messages.text(fieldKey), max, value.length());
        }
    }

    /** Line breaks and tabs are allowed in a title (multi-line descriptions), never other control characters. */
    private static void checkNoControlCharacters(String value, String fieldKey, boolean multiLine, int line) {
        boolean control = value.codePoints().anyMatch(c -> (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
                && !(multiLine && (c == '\n' || c == '\r' || c == '\t')));
        if (control) {
            throw RoadBookRejected.at(line, "roadbook.reason.control-characters", Messages.text(fieldKey));
        }
    }

    /** Shows control characters as \\uXXXX so a refusal message stays readable. */
    private static String printable(String value) {
        StringBuilder text = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                text.append(String.format("\\u%04X", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? text + "…" : text.toString();
    }
}
