package org.releasegate.report;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the hash chain of a parsed record and names the first entry where it breaks (in French: it is shown). */
final class ChainCheck {

    private ChainCheck() {
    }

    static Optional<String> firstBreak(JsonNode record) {
        if (!ReleaseRecord.FORMAT.equals(record.path(RecordJson.FORMAT).asText())) {
            return Optional.of("ce n'est pas un enregistrement au format " + ReleaseRecord.FORMAT);
        }
        JsonNode entries = record.path(RecordJson.ENTRIES);
        if (!entries.isArray() || entries.isEmpty()) {
            return Optional.of("l'enregistrement ne contient aucune entrée");
        }
        String previous = ReleaseRecord.GENESIS;
        for (int position = 0; position < entries.size(); position++) {
            JsonNode entry = entries.get(position);
            String label = "entrée n° " + position + " (" + entry.path(RecordJson.KIND).asText("?") + ")";
            if (!RecordJson.entryHash(entry).equals(entry.path(RecordJson.SHA256).asText())) {
                return Optional.of(label + " : son contenu ne correspond plus à son empreinte (entrée modifiée)");
            }
            if (!previous.equals(entry.path(RecordJson.PREVIOUS).asText())) {
                return Optional.of(label + " : elle ne suit pas l'entrée qui la précède (entrée retirée, ajoutée ou déplacée)");
            }
            if (entry.path(RecordJson.SEQ).asInt(-1) != position) {
                return Optional.of(label + " : elle porte le numéro " + entry.path(RecordJson.SEQ).asText()
                        + " (entrée retirée, ajoutée ou déplacée)");
            }
            previous = entry.path(RecordJson.SHA256).asText();
        }
        JsonNode seal = entries.get(entries.size() - 1);
        if (!EntryKind.SEAL.json().equals(seal.path(RecordJson.KIND).asText())
                || seal.path(RecordJson.FIELDS).path(Fields.ENTRY_COUNT).asInt(-1) != entries.size()) {
            return Optional.of("fin de l'enregistrement : le sceau manque ou ne compte pas " + entries.size()
                    + " entrées (entrée retirée ou ajoutée à la fin)");
        }
        if (!previous.equals(record.path(RecordJson.HEAD).asText())) {
            return Optional.of("empreinte finale : " + record.path(RecordJson.HEAD).asText() + " annoncée, "
                    + previous + " calculée");
        }
        JsonNode release = entries.get(0);
        if (!EntryKind.RELEASE.json().equals(release.path(RecordJson.KIND).asText())
                || !release.path(RecordJson.FIELDS).path(Fields.ID).asText()
                .equals(record.path(RecordJson.PROCESS_INSTANCE_ID).asText())) {
            return Optional.of("entrée n° 0 : elle ne décrit pas la mise en production "
                    + record.path(RecordJson.PROCESS_INSTANCE_ID).asText());
        }
        return Optional.empty();
    }
}
