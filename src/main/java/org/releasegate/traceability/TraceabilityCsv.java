package org.releasegate.traceability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The matrix as CSV for a French Excel: UTF-8 with a byte-order mark (without it Excel reads Windows-1252 and garbles
 * « Vérifié »), {@code ;} between cells (the French list separator, the comma being the decimal one), CRLF line ends,
 * one header line. A cell that a spreadsheet would take for a formula (=, +, -, @) is written behind an apostrophe,
 * so a comment typed by a verifier is shown, never run.
 */
public final class TraceabilityCsv {

    public static final String MEDIA_TYPE = "text/csv;charset=UTF-8";
    private static final char BOM = '\uFEFF';
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withColumnSeparator(';').withLineSeparator("\r\n");

    private TraceabilityCsv() {
    }

    public static byte[] write(TraceabilityMatrix matrix) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(TraceabilityMatrix.HEADERS);
        matrix.rows().forEach(row -> lines.add(matrix.cells(row).stream().map(TraceabilityCsv::inert).toList()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            out.write(BOM);
            new CsvMapper().writer(SCHEMA).writeValue(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A cell a spreadsheet will not evaluate. */
    static String inert(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
