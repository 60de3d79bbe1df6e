package org.releasegate.roadbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads a road book written in YAML or JSON, one schema for both:
 *
 * <pre>
 * versions:
 *   - version: "1.1"
 *     changes:
 *       - { id: GES-1101, module: Facturation, title: Pénalités de retard }
 * </pre>
 *
 * The input is read token by token, never bound to objects: each refusal names the line Jackson reports, unknown
 * fields are refused by name (typos are caught), and nothing deeper than the schema is ever descended into. YAML
 * aliases, and anchors on lists and mappings, are refused outright (no "billion laughs"), on top of SnakeYAML's own
 * limits. (Jackson does not report an anchor on a plain value; such a value is harmless until an alias repeats it.)
 */
class StructuredRoadBookParser {

    private static final int MAX_NESTING_DEPTH = 16;
    private static final List<String> ROOT_FIELDS = List.of("versions");
    private static final List<String> VERSION_FIELDS = List.of("version", "changes");
    private static final List<String> CHANGE_FIELDS = List.of("id", "module", "title");

    private static final Logger LOG = LoggerFactory.getLogger(StructuredRoadBookParser.class);

    private final JsonFactory factory;
    /** The format as the refusals name it: YAML or JSON. */
    private final String format;

    private StructuredRoadBookParser(JsonFactory factory, String format) {
        this.factory = factory;
        this.format = format;
    }

    static StructuredRoadBookParser json() {
        return new StructuredRoadBookParser(JsonFactory.builder()
                .streamReadConstraints(constraints())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build(), "JSON");
    }

    /** @param maxCodePoints the road book size limit: SnakeYAML's own default (3 MB) would refuse smaller files */
    static StructuredRoadBookParser yaml(int maxCodePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxCodePoints);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setAllowDuplicateKeys(false);
        return new StructuredRoadBookParser(YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(constraints())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build(), "YAML");
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    }

    RoadBook parse(String text) {
        JsonParser parser = createParser(text);
        try (parser) {
            Tokens tokens = new Tokens(parser);
            RoadBookBuilder builder = new RoadBookBuilder();
            JsonToken root = tokens.next();
            if (root == null) {
                throw RoadBookRejected.whole("roadbook.reason.structured.empty");
            }
            tokens.expect(root == JsonToken.START_OBJECT, "roadbook.reason.structured.no-versions-first");
            boolean versionsFound = false;
            while (tokens.nextField(ROOT_FIELDS)) {
                versionsFound = true;
                readVersions(tokens, builder);
            }
            if (!versionsFound) {
                throw RoadBookRejected.at(tokens.line(), "roadbook.reason.structured.versions-missing");
            }
            if (tokens.next() != null) {
                throw RoadBookRejected.at(tokens.line(), "roadbook.reason.structured.content-after");
            }
            return builder.build();
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            LOG.info("Road book in {} refused, line {}: {}", format, line(location), e.getMessage());
            throw RoadBookRejected.at(line(location), reason(e), format);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading a road book held in memory", e);
        }
    }

    private JsonParser createParser(String text) {
        try {
            return factory.createParser(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Opening a road book held in memory", e);
        }
    }

    private static void readVersions(Tokens tokens, RoadBookBuilder builder) throws IOException {
        tokens.expect(tokens.current() == JsonToken.START_ARRAY, "roadbook.reason.structured.versions-not-a-list");
        while (tokens.next() != JsonToken.END_ARRAY) {
            tokens.expect(tokens.current() == JsonToken.START_OBJECT, "roadbook.reason.structured.version-not-a-mapping");
            int versionLine = tokens.line();
            int numberLine = versionLine;
            String number = null;
            PendingChanges changes = null;
            while (tokens.nextField(VERSION_FIELDS)) {
                if (tokens.fieldName().equals("version")) {
                    numberLine = tokens.line();
                    number = tokens.text("version");
                } else {
                    // changes may come before the version number in a mapping: read them once the number is known
                    changes = PendingChanges.read(tokens);
                }
            }
            String version = builder.addVersion(number, numberLine);
            if (changes == null) {
                throw RoadBookRejected.at(versionLine, "roadbook.reason.structured.changes-missing", version);
            }
            changes.addTo(builder, version);
        }
    }

    /** The changes of one version, read before the version's number may be known. */
    private record PendingChanges(List<PendingChange> changes) {

        private record PendingChange(String id, String module, String title, int line) {
        }

        static PendingChanges read(Tokens tokens) throws IOException {
            List<PendingChange> changes = new ArrayList<>();
            if (tokens.current() == JsonToken.VALUE_NULL) {
                return new PendingChanges(changes);
            }
            tokens.expect(tokens.current() == JsonToken.START_ARRAY, "roadbook.reason.structured.changes-not-a-list");
            while (tokens.next() != JsonToken.END_ARRAY) {
                tokens.expect(tokens.current() == JsonToken.START_OBJECT,
                        "roadbook.reason.structured.change-not-a-mapping");
                int line = tokens.line();
                String id = null;
                String module = null;
                String title = null;
                while (tokens.nextField(CHANGE_FIELDS)) {
                    switch (tokens.fieldName()) {
                        case "id" -> id = tokens.text("id");
                        case "module" -> module = tokens.text("module");
                        default -> title = tokens.text("title");
                    }
                }
                if (changes.size() >= RoadBookBuilder.MAX_CHANGES) {
                    throw RoadBookRejected.at(line, "roadbook.reason.too-many-changes", RoadBookBuilder.MAX_CHANGES);
                }
                changes.add(new PendingChange(id, module, title, line));
            }
            return new PendingChanges(changes);
        }

        void addTo(RoadBookBuilder builder, String version) {
            changes.forEach(change -> builder.addChange(version, change.id(), change.module(), change.title(), change.line()));
        }
    }

    /** The token stream with the checks every token gets: no YAML anchor or alias, fields known by name. */
    private static final class Tokens {

        private final JsonParser parser;

        Tokens(JsonParser parser) {
            this.parser = parser;
        }

        JsonToken next() throws IOException {
            JsonToken token = parser.nextToken();
            if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getObjectId() != null)) {
                throw RoadBookRejected.at(line(), "roadbook.reason.structured.anchors");
            }
            return token;
        }

        JsonToken current() {
            return parser.currentToken();
        }

        /**
         * Moves to the next field of the current mapping and onto its value; false at the end of the mapping. A field
         * not in {@code known} is refused by name.
         */
        boolean nextField(List<String> known) throws IOException {
            JsonToken token = next();
            if (token == JsonToken.END_OBJECT) {
                return false;
            }
            String name = parser.currentName();
            int line = line();
            next(); // the value's anchor, if any, is refused before the name: alias bombs hide under any name
            if (!known.contains(name)) {
                throw RoadBookRejected.at(line, "roadbook.reason.structured.field-unknown", name,
                        String.join(", ", known));
            }
            return true;
        }

        String fieldName() throws IOException {
            return parser.currentName();
        }

        /** The current value as text: a string, or a number or boolean as written (version: 1.10 stays "1.10"). */
        String text(String field) throws IOException {
            JsonToken token = current();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (!token.isScalarValue() || token == JsonToken.VALUE_EMBEDDED_OBJECT) {
                throw RoadBookRejected.at(line(), "roadbook.reason.structured.not-text", field);
            }
            return parser.getText();
        }

        /** @param reasonKey the reason of the bundle when the condition does not hold (it takes no argument) */
        void expect(boolean condition, String reasonKey) {
            if (!condition) {
                throw RoadBookRejected.at(line(), reasonKey);
            }
        }

        int line() {
            return StructuredRoadBookParser.line(parser.currentTokenLocation());
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /**
     * Jackson's and SnakeYAML's messages are English and quote the input: the release manager reads a French reason
     * (its key; it takes the format as argument), the server log the library's own words.
     */
    private static String reason(JsonProcessingException e) {
        String message = e.getCause() instanceof MarkedYAMLException yaml
                ? (yaml.getContext() == null ? "" : yaml.getContext() + " ") + yaml.getProblem()
                : e.getOriginalMessage();
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("duplicate")) {
            return "roadbook.reason.structured.duplicate-key";
        }
        if (e instanceof StreamConstraintsException || lower.contains("nesting") || lower.contains("depth")) {
            return "roadbook.reason.structured.too-deep";
        }
        if (lower.contains("alias") || lower.contains("anchor")) {
            return "roadbook.reason.structured.malformed-anchors";
        }
        if (lower.contains("tab")) {
            return "roadbook.reason.structured.malformed-tab";
        }
        return "roadbook.reason.structured.malformed";
    }
}
