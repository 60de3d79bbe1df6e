package org.releasegate.traceability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.releasegate.message.Messages;
import org.releasegate.verification.Verdict;

/**
 * The matrix as JUnit XML, the result format test-management tools import (Xray, Kiwi TCMS, TestRail's CLI): one
 * {@code testsuite} per verification round — a round is one run of the same items — and one {@code testcase} per
 * item verified in it, named the same from one release to the next ({@code classname} the kind of item, {@code name}
 * its id and title) so a tool files each run under the same test. KO is a {@code failure} carrying the verifier's
 * comment; « Bloqué » (the item could not be verified) is {@code skipped}, not a failure of the version. Who gave the
 * verdict, when, the evidence with its SHA-256 and the workaround go in the test case's properties and output.
 */
public final class TraceabilityJUnit {

    public static final String MEDIA_TYPE = "application/xml;charset=UTF-8";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private TraceabilityJUnit() {
    }

    public static byte[] write(TraceabilityMatrix matrix) {
        Map<Integer, List<TraceRow>> rounds = new TreeMap<>();
        matrix.rows().forEach(row -> rounds.computeIfAbsent(row.round(), round -> new java.util.ArrayList<>()).add(row));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", clean(Messages.text("traceability.title", matrix.title())));
            counts(xml, matrix.rows());
            for (Map.Entry<Integer, List<TraceRow>> round : rounds.entrySet()) {
                suite(xml, matrix, round.getKey(), round.getValue());
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8).concat("\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void suite(XMLStreamWriter xml, TraceabilityMatrix matrix, int round, List<TraceRow> rows)
            throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(Messages.text("traceability.junit.round", matrix.title(), round)));
        xml.writeAttribute("id", String.valueOf(round));
        counts(xml, rows);
        rows.stream().map(TraceRow::verifiedAt).filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder())
                .ifPresent(first -> attribute(xml, "timestamp", TIMESTAMP.format(
                        LocalDateTime.ofInstant(first, matrix.zone()).truncatedTo(ChronoUnit.SECONDS))));
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "mise_en_production", matrix.title(), "      ");
        property(xml, "version_cible", matrix.targetVersion(), "      ");
        property(xml, "instance", matrix.releaseId(), "      ");
        property(xml, "tour", String.valueOf(round), "      ");
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        for (TraceRow row : rows) {
            testcase(xml, matrix, row);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void testcase(XMLStreamWriter xml, TraceabilityMatrix matrix, TraceRow row) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "release-gate." + switch (row.kind()) {
            case CHANGE -> "evolution";
            case STRATEGIC_PROCESS -> "processus-strategique";
            case WORKAROUND -> "contournement";
        });
        xml.writeAttribute("name", clean(row.kind() == Verdict.ItemKind.STRATEGIC_PROCESS
                ? row.itemId() + " — " + row.item() : row.item()));
        xml.writeAttribute("time", "0");
        xml.writeCharacters("\n      ");
        xml.writeStartElement("properties");
        String indent = "        ";
        property(xml, "verdict", row.outcome().label(), indent);
        property(xml, "version_element", row.itemVersion(), indent);
        property(xml, "verifie_par", row.verifiedBy(), indent);
        property(xml, "verifie_le", matrix.when(row.verifiedAt()), indent);
        row.evidence().forEach(file -> property(xml, "preuve", Messages.text("traceability.junit.evidence-file",
                file.name(), file.size(), file.sha256()), indent));
        property(xml, "contournement", row.workaroundText(), indent);
        xml.writeCharacters("\n      ");
        xml.writeEndElement();
        String comment = row.comment() == null ? "" : row.comment();
        if (row.outcome() == Verdict.Outcome.KO) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("failure");
            xml.writeAttribute("message", clean(comment.isEmpty() ? row.outcome().label() : comment));
            xml.writeAttribute("type", row.outcome().label());
            xml.writeCharacters(clean(comment));
            xml.writeEndElement();
        } else if (row.outcome() == Verdict.Outcome.BLOCKED) {
            xml.writeCharacters("\n      ");
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", clean(row.outcome().label() + (comment.isEmpty() ? "" : " : " + comment)));
        }
        xml.writeCharacters("\n      ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(clean(Messages.text("traceability.junit.verified", row.outcome().label(), row.verifiedBy(), matrix.when(row.verifiedAt())) + (comment.isEmpty() ? "" : " : " + comment)
                + (row.evidence().isEmpty() ? "" : "\n" + Messages.text("traceability.junit.evidence", row.evidenceNames()))
                + (row.workaround() == null ? "" : "\n" + Messages.text("traceability.junit.workaround", row.workaroundText()))));
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void counts(XMLStreamWriter xml, List<TraceRow> rows) throws XMLStreamException {
        xml.writeAttribute("tests", String.valueOf(rows.size()));
        xml.writeAttribute("failures", String.valueOf(rows.stream().filter(row -> row.outcome() == Verdict.Outcome.KO).count()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", String.valueOf(rows.stream()
                .filter(row -> row.outcome() == Verdict.Outcome.BLOCKED).count()));
        xml.writeAttribute("time", "0");
    }

    private static void property(XMLStreamWriter xml, String name, String value, String indent) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            xml.writeCharacters("\n" + indent);
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", name);
            xml.writeAttribute("value", clean(value));
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) {
        try {
            xml.writeAttribute(name, value);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the control characters XML 1.0 cannot hold (a pasted comment may carry some). */
    static String clean(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                kept.appendCodePoint(c == 0xFFFE || c == 0xFFFF ? 0xFFFD : c);
            } else {
                kept.appendCodePoint(0xFFFD);
            }
        });
        return kept.toString();
    }
}
