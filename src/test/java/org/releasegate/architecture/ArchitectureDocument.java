package org.releasegate.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/architecture.md} as the architecture tests read it: its Markdown tables, found by the name of their
 * first column, and its fenced blocks. The document is the rule book; the tests check that the code follows it.
 */
final class ArchitectureDocument {

    static final Path PATH = Path.of("docs", "architecture.md");

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    private final List<String> lines;

    private ArchitectureDocument(List<String> lines) {
        this.lines = lines;
    }

    static ArchitectureDocument read() {
        try {
            return new ArchitectureDocument(Files.readAllLines(PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of a table: its cells, trimmed, and its line in the document (1-based), for messages. */
    record Row(int line, List<String> cells) {

        String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }

        /** The code spans of a cell ({@code `data`, `worker`} gives data, worker); none for "—". */
        List<String> codeSpans(int index) {
            List<String> spans = new ArrayList<>();
            Matcher matcher = CODE_SPAN.matcher(cell(index));
            while (matcher.find()) {
                spans.add(matcher.group(1).trim());
            }
            return spans;
        }
    }

    /** The rows of the first table whose header's first cell is {@code firstColumn}, header and separator left out. */
    List<Row> table(String firstColumn) {
        for (int i = 0; i < lines.size(); i++) {
            if (isRow(lines.get(i)) && cells(lines.get(i)).get(0).equals(firstColumn)) {
                List<Row> rows = new ArrayList<>();
                for (int j = i + 2; j < lines.size() && isRow(lines.get(j)); j++) {
                    rows.add(new Row(j + 1, cells(lines.get(j))));
                }
                return rows;
            }
        }
        throw new AssertionError(PATH + " has no table whose first column is \"" + firstColumn + "\"");
    }

    /** The first fenced block of that language, without its fences; with the line its content starts on. */
    Block block(String language) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```" + language)) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).trim().equals("```")) {
                    end++;
                }
                return new Block(i + 2, String.join("\n", lines.subList(i + 1, end)));
            }
        }
        throw new AssertionError(PATH + " has no ```" + language + " block");
    }

    record Block(int line, String text) {
    }

    private static boolean isRow(String line) {
        return line.trim().startsWith("|");
    }

    private static List<String> cells(String line) {
        String trimmed = line.trim();
        String inner = trimmed.substring(1, trimmed.endsWith("|") ? trimmed.length() - 1 : trimmed.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }
}
