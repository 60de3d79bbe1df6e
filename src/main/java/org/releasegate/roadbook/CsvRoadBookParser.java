package org.releasegate.roadbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a road book written as CSV, one change per row under a header, as spreadsheets export it:
 *
 * <pre>
 * version;id;module;title
 * 1.1;GES-1101;Facturation;"Pénalités de retard; en pied de facture"
 * </pre>
 *
 * The separator is the header's: ';' (spreadsheets in French) or ','. Fields may be quoted ("" for a quote inside,
 * line breaks allowed); the module column may be left out, columns may come in any order, an unknown column is
 * refused by name. Each refusal names the line where the row (or the unclosed quote) starts.
 */
class CsvRoadBookParser {

    private static final List<String> COLUMNS = List.of("version", "id", "module", "title");
    private static final List<String> REQUIRED_COLUMNS = List.of("version", "id", "title");

    RoadBook parse(String text) {
        Rows rows = new Rows(text, separator(text));
        Row header = rows.next();
        while (header != null && header.isBlank()) {
            header = rows.next();
        }
        if (header == null) {
            throw RoadBookRejected.whole("roadbook.reason.csv.empty", String.join(";", COLUMNS));
        }
        Map<String, Integer> columns = columns(header);
        RoadBookBuilder builder = new RoadBookBuilder();
        for (Row row = rows.next(); row != null; row = rows.next()) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() != header.fields().size()) {
                throw RoadBookRejected.at(row.line(), "roadbook.reason.csv.field-count", header.fields().size(),
                        String.join(String.valueOf(rows.separator), header.fields()), row.fields().size());
            }
            builder.addChangeToVersion(row.field(columns, "version"), row.field(columns, "id"), row.field(columns, "module"),
                    row.field(columns, "title"), row.line());
        }
        return builder.build();
    }

    /** ';' when the header (the first line not blank) has one, else ','. */
    private static char separator(String text) {
        int lineNumber = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (line.indexOf(';') >= 0) {
                return ';';
            }
            if (line.indexOf(',') >= 0) {
                return ',';
            }
            throw RoadBookRejected.at(lineNumber, "roadbook.reason.csv.no-header", String.join(";", COLUMNS),
                    abbreviated(line.strip()));
        }
        return ';';
    }

    private static Map<String, Integer> columns(Row header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw RoadBookRejected.at(header.line(), "roadbook.reason.csv.column-unknown",
                        abbreviated(header.fields().get(i).strip()), String.join(", ", COLUMNS));
            }
            if (columns.put(name, i) != null) {
                throw RoadBookRejected.at(header.line(), "roadbook.reason.csv.column-twice", name);
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw RoadBookRejected.at(header.line(), "roadbook.reason.csv.column-missing", required,
                        String.join(";", COLUMNS));
            }
        }
        return columns;
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private record Row(int line, List<String> fields) {

        boolean isBlank() {
            return fields.stream().allMatch(String::isBlank);
        }

        String field(Map<String, Integer> columns, String column) {
            Integer index = columns.get(column);
            return index == null ? null : fields.get(index);
        }
    }

    /** Splits the text into rows of fields (RFC 4180, with line breaks inside quoted fields), counting lines. */
    private static final class Rows {

        private final String text;
        private final char separator;
        private int position;
        private int line = 1;

        Rows(String text, char separator) {
            this.text = text;
            this.separator = separator;
        }

        /** The next row, or null at the end of the text. */
        Row next() {
            if (position >= text.length()) {
                return null;
            }
            int rowLine = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                fields.add(isAt('"') ? quotedField() : plainField());
                if (position >= text.length()) {
                    return new Row(rowLine, fields);
                }
                char next = text.charAt(position);
                if (next == separator) {
                    position++;
                } else {
                    skipLineBreak();
                    return new Row(rowLine, fields);
                }
            }
        }

        private String plainField() {
            int start = position;
            while (position < text.length() && !isLineBreakAt() && text.charAt(position) != separator) {
                position++;
            }
            return text.substring(start, position);
        }

        private String quotedField() {
            int openingLine = line;
            position++;
            StringBuilder field = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw RoadBookRejected.at(openingLine, "roadbook.reason.csv.quote-not-closed");
                }
                char c = text.charAt(position);
                if (c == '"') {
                    if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                        field.append('"');
                        position += 2;
                        continue;
                    }
                    position++;
                    break;
                }
                if (c == '\n' || (c == '\r' && !(position + 1 < text.length() && text.charAt(position + 1) == '\n'))) {
                    line++;
                }
                field.append(c);
                position++;
            }
            while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
                position++;
            }
            if (position < text.length() && text.charAt(position) != separator && !isLineBreakAt()) {
                throw RoadBookRejected.at(line, "roadbook.reason.csv.text-after-quote");
            }
            return field.toString();
        }

        private boolean isAt(char expected) {
            int i = position;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i < text.length() && text.charAt(i) == expected) {
                position = i;
                return true;
            }
            return false;
        }

        private boolean isLineBreakAt() {
            char c = text.charAt(position);
            return c == '\n' || c == '\r';
        }

        private void skipLineBreak() {
            if (text.charAt(position) == '\r' && position + 1 < text.length() && text.charAt(position + 1) == '\n') {
                position++;
            }
            position++;
            line++;
        }
    }
}
