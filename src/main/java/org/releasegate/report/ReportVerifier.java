package org.releasegate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.releasegate.message.Messages;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Verifies a release report offline — no application, no database: {@code java ... ReportVerifier rapport.html}
 * (or {@code .pdf}, or the record's {@code .json}). Prints OK, or the first broken entry and exits with 1; exits with
 * 2 when the file holds no record. For an HTML page it also checks that the visible page is exactly the one its
 * record gives. Uses only the JDK and Jackson.
 */
public final class ReportVerifier {

    private static final byte[] FORMAT_MARK = ("\"" + ReleaseRecord.FORMAT + "\"").getBytes(StandardCharsets.UTF_8);

    /** The outcome of a verification: the exit code and what to print. */
    record Result(int exitCode, String message) {

        static final int INTACT = 0;
        static final int TAMPERED = 1;
        static final int UNREADABLE = 2;

        boolean intact() {
            return exitCode == INTACT;
        }
    }

    private ReportVerifier() {
    }

    public static void main(String[] args) {
        Result result;
        if (args.length != 1) {
            result = new Result(Result.UNREADABLE, "Usage : ReportVerifier <rapport.html | rapport.pdf | enregistrement.json>");
        } else {
            result = verify(Path.of(args[0]));
        }
        (result.intact() ? System.out : System.err).println(result.message());
        System.exit(result.exitCode());
    }

    static Result verify(Path file) {
        try {
            return verify(Files.readAllBytes(file));
        } catch (IOException e) {
            return new Result(Result.UNREADABLE, "ILLISIBLE : " + file + " (" + e.getMessage() + ")");
        }
    }

    static Result verify(byte[] document) {
        if (recordStart(document) < 0) {
            return new Result(Result.UNREADABLE, Messages.text("report.verify.unreadable", ReleaseRecord.FORMAT));
        }
        ReleaseRecord record;
        try {
            JsonNode json = record(document).orElseThrow();
            Optional<String> broken = ChainCheck.firstBreak(json);
            if (broken.isPresent()) {
                return new Result(Result.TAMPERED, Messages.text("report.verify.tampered", broken.get()));
            }
            record = RecordJson.toRecord(json);
        } catch (IOException | RuntimeException e) {
            return new Result(Result.TAMPERED, Messages.text("report.verify.tampered", Messages.text("report.verify.not-json", e.getMessage())));
        }
        String scope;
        if (isPdf(document)) {
            scope = Messages.text("report.verify.scope.pdf");
        } else if (document[0] == '{') {
            scope = Messages.text("report.verify.scope.record");
        } else {
            String expected;
            try {
                expected = ReportPage.render(record);
            } catch (RuntimeException e) {
                return new Result(Result.TAMPERED, Messages.text("report.verify.tampered", Messages.text("report.verify.no-page", e.getMessage())));
            }
            Optional<String> difference = pageDifference(new String(document, StandardCharsets.UTF_8), expected);
            if (difference.isPresent()) {
                return new Result(Result.TAMPERED, Messages.text("report.verify.tampered", Messages.text("report.verify.page-differs", difference.get())));
            }
            scope = Messages.text("report.verify.scope.page");
        }
        return new Result(Result.INTACT, Messages.text("report.verify.intact", record.release().find(Fields.NAME).orElse("?"), record.entries().size(), scope, record.historyHash(), record.head()));
    }

    /** The record a report carries, as JSON: in an HTML page, a PDF or a record file. */
    static Optional<JsonNode> record(byte[] document) throws IOException {
        int start = recordStart(document);
        return start < 0 ? Optional.empty() : Optional.of(RecordJson.read(document, start));
    }

    private static Optional<String> pageDifference(String page, String expected) {
        if (page.equals(expected)) {
            return Optional.empty();
        }
        String[] actual = page.split("\n", -1);
        String[] wanted = expected.split("\n", -1);
        for (int line = 0; line < Math.min(actual.length, wanted.length); line++) {
            if (!actual[line].equals(wanted[line])) {
                return Optional.of(Messages.text("report.verify.line", line + 1, shorten(actual[line])));
            }
        }
        return Optional.of(Messages.text("report.verify.length", actual.length, wanted.length));
    }

    private static String shorten(String line) {
        String text = line.strip();
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    /** Where the record's JSON object starts: the brace before the first mention of its format. */
    private static int recordStart(byte[] document) {
        int mark = indexOf(document, FORMAT_MARK);
        for (int i = mark; i >= 0; i--) {
            if (document[i] == '{') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPdf(byte[] document) {
        return document.length > 4 && document[0] == '%' && document[1] == 'P' && document[2] == 'D' && document[3] == 'F';
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
