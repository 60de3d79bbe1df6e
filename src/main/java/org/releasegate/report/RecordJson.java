package org.releasegate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a release record (JDK and Jackson only, so the offline verifier needs nothing else).
 * An entry's hash is the SHA-256 of its canonical JSON without the {@code sha256} member: object members sorted by
 * name at every level, no whitespace, UTF-8.
 */
final class RecordJson {

    static final String SEQ = "seq";
    static final String KIND = "kind";
    static final String FIELDS = "fields";
    static final String PREVIOUS = "previous";
    static final String SHA256 = "sha256";
    static final String FORMAT = "format";
    static final String PROCESS_INSTANCE_ID = "processInstanceId";
    static final String HEAD = "head";
    static final String ENTRIES = "entries";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    static String entryHash(int seq, EntryKind kind, Map<String, String> fields, String previous) {
        return sha256(canonical(entryNode(seq, kind, fields, previous)));
    }

    /** The hash an entry of a parsed record should have, whatever its members hold. */
    static String entryHash(JsonNode entry) {
        ObjectNode content = entry.deepCopy();
        content.remove(SHA256);
        return sha256(canonical(content));
    }

    static byte[] canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(sorted(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record as embedded in a report: indented, with {@code < > &} escaped so it can sit inside HTML. */
    static String write(ReleaseRecord record) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put(FORMAT, ReleaseRecord.FORMAT);
        root.put(PROCESS_INSTANCE_ID, record.processInstanceId());
        root.put(HEAD, record.head());
        ArrayNode entries = root.putArray(ENTRIES);
        for (Entry entry : record.entries()) {
            ObjectNode node = entryNode(entry.seq(), entry.kind(), entry.fields(), entry.previous());
            node.put(SHA256, entry.sha256());
            entries.add(node);
        }
        try {
            return MAPPER.writer().with(new HtmlSafeEscapes()).withDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the one JSON value that starts at {@code offset}, ignoring whatever follows it. */
    static JsonNode read(byte[] bytes, int offset) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes, offset, bytes.length - offset)) {
            return MAPPER.readTree(parser);
        }
    }

    static ReleaseRecord toRecord(JsonNode root) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : root.path(ENTRIES)) {
            SortedMap<String, String> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> members = node.path(FIELDS).fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                fields.put(member.getKey(), member.getValue().asText());
            }
            entries.add(new Entry(node.path(SEQ).asInt(), EntryKind.fromJson(node.path(KIND).asText()), fields,
                    node.path(PREVIOUS).asText(), node.path(SHA256).asText()));
        }
        return new ReleaseRecord(root.path(PROCESS_INSTANCE_ID).asText(), entries);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode entryNode(int seq, EntryKind kind, Map<String, String> fields, String previous) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(SEQ, seq);
        node.put(KIND, kind.json());
        node.put(PREVIOUS, previous);
        ObjectNode fieldNode = node.putObject(FIELDS);
        new TreeMap<>(fields).forEach(fieldNode::put);
        return node;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    /** Escapes the characters that could end a script element or start markup, as {@code \u003C} and so on. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {

        private final int[] escapes = standardAsciiEscapesForJSON();

        HtmlSafeEscapes() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
