package org.releasegate.traceability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.List;

import org.releasegate.message.Messages;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The matrix as an Excel workbook: one sheet, the header bold and frozen, with a filter; the round a number and the
 * date a date (in the matrix's time zone), so they sort; texts stay texts (a workbook cell is never a formula here).
 */
public final class TraceabilityXlsx {

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String SHEET = Messages.text("traceability.sheet");
    private static final int ROUND = 0;
    private static final int WHEN = 7;
    private static final List<Double> WIDTHS = List.of(6.0, 22.0, 45.0, 12.0, 14.0, 50.0, 14.0, 20.0, 35.0, 66.0, 50.0);

    private TraceabilityXlsx() {
    }

    public static byte[] write(TraceabilityMatrix matrix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(bytes, "Release Gate", "1.0");
            workbook.properties().setTitle(Messages.text("traceability.title", matrix.title()));
            Worksheet sheet = workbook.newWorksheet(SHEET);
            for (int column = 0; column < TraceabilityMatrix.HEADERS.size(); column++) {
                sheet.value(0, column, TraceabilityMatrix.HEADERS.get(column));
                sheet.style(0, column).bold().fillColor("DDDDDD").set();
                sheet.width(column, WIDTHS.get(column));
            }
            int line = 1;
            for (TraceRow row : matrix.rows()) {
                List<String> cells = matrix.cells(row);
                for (int column = 0; column < cells.size(); column++) {
                    if (column == ROUND) {
                        sheet.value(line, column, row.round());
                    } else if (column == WHEN && row.verifiedAt() != null) {
                        sheet.value(line, column, LocalDateTime.ofInstant(row.verifiedAt(), matrix.zone()));
                        sheet.style(line, column).format("dd/mm/yyyy hh:mm:ss").verticalAlignment("top").set();
                        continue;
                    } else {
                        sheet.value(line, column, cells.get(column));
                    }
                    sheet.style(line, column).wrapText(true).verticalAlignment("top").set();
                }
                line++;
            }
            sheet.freezePane(0, 1);
            sheet.setAutoFilter(0, 0, TraceabilityMatrix.HEADERS.size() - 1);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
