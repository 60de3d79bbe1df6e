package org.releasegate.report;

import java.util.Optional;

import org.releasegate.message.Messages;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the hash chain of a parsed record and names the first entry where it breaks (in French: it is shown). */
final class ChainCheck {

    private ChainCheck() {
    }

    static Optional<String> firstBreak(JsonNode record) {
        if (!ReleaseRecord.FORMAT.equals(record.path(RecordJson.FORMAT).asText())) {
            return Optional.of(Messages.text("report.verify.not-a-record", ReleaseRecord.FORMAT));
        }
        JsonNode entries = record.path(RecordJson.ENTRIES);
        if (!entries.isArray() || entries.isEmpty()) {
            return Optional.of(Messages.text("report.verify.no-entry"));
        }
        String previous = ReleaseRecord.GENESIS;
        for (int position = 0; position < entries.size(); position++) {
            JsonNode entry = entries.get(position);
            String label = Messages.text("report.verify.entry", position, entry.path(RecordJson.KIND).asText("?"));
            if (!RecordJson.entryHash(entry).equals(entry.path(RecordJson.SHA256).asText())) {
                return Optional.of(Messages.text("report.verify.entry-changed", label));
            }
            if (!previous.equals(entry.path(RecordJson.PREVIOUS).asText())) {
                return Optional.of(Messages.text("report.verify.entry-unchained", label));
            }
            if (entry.path(RecordJson.SEQ).asInt(-1) != position) {
                return Optional.of(Messages.text("report.verify.entry-number", label, entry.path(RecordJson.SEQ).asText()));
            }
            previous = entry.path(RecordJson.SHA256).asText();
        }
        JsonNode seal = entries.get(entries.size() - 1);
        if (!EntryKind.SEAL.json().equals(seal.path(RecordJson.KIND).asText())
                || seal.path(RecordJson.FIELDS).path(Fields.ENTRY_COUNT).asInt(-1) != entries.size()) {
            return Optional.of(Messages.text("report.verify.seal", entries.size()));
        }
        if (!previous.equals(record.path(RecordJson.HEAD).asText())) {
            return Optional.of(Messages.text("report.verify.head", record.path(RecordJson.HEAD).asText(), previous));
        }
        JsonNode release = entries.get(0);
        if (!EntryKind.RELEASE.json().equals(release.path(RecordJson.KIND).asText())
                || !release.path(RecordJson.FIELDS).path(Fields.ID).asText()
                .equals(record.path(RecordJson.PROCESS_INSTANCE_ID).asText())) {
            return Optional.of(Messages.text("report.verify.first-entry", record.path(RecordJson.PROCESS_INSTANCE_ID).asText()));
        }
        return Optional.empty();
    }
}
