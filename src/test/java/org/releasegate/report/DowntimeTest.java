package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;

/** The downtime of a release whose PostgreSQL production was cloned in the window, as the report cuts it. */
class DowntimeTest {

    private final BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("bpmn", "release-policy.bpmn").toFile());

    @Test
    void theCloneAndItsCheckArePartsOfTheDowntimeAndItsExportIsNot() {
        List<Entry> steps = new ArrayList<>();
        Instant at = Instant.parse("2026-12-05T20:00:00Z");
        for (String step : List.of(Elements.ARCHIVE_PRODUCTION_BASE, Elements.STOP_PRODUCTION,
                Elements.CLONE_PRODUCTION_DATA, Elements.ARCHIVE_INSTALLER_AFTER_CLONE, Elements.INSTALL_IN_PRODUCTION,
                Elements.START_PRODUCTION, Elements.CHECK_PRODUCTION_HEALTH, Elements.REOPEN_PRODUCTION,
                Elements.EXPORT_PRODUCTION_CLONE, Elements.DRILL_CLONE_ARCHIVE, Elements.DROP_PRODUCTION_CLONE)) {
            Instant end = at.plusSeconds(2);
            steps.add(step(steps.size(), step, at, end));
            at = end;
        }

        Downtime downtime = Downtime.of(steps).orElseThrow();

        assertThat(downtime.parts()).extracting(Downtime.Part::step).containsExactly("Arrêter la production",
                "Cloner les données de la production arrêtée", "Archiver le programme d'installation",
                "Installer la version en production", "Redémarrer la production",
                "Contrôler la santé de la production", "Rouvrir la production aux utilisateurs");
        assertThat(downtime.length()).contains(Duration.ofSeconds(14));
    }

    private Entry step(int seq, String activityId, Instant start, Instant end) {
        TreeMap<String, String> fields = new TreeMap<>();
        fields.put(Fields.ACTIVITY_ID, activityId);
        fields.put(Fields.NAME, model.<FlowNode>getModelElementById(activityId).getName());
        fields.put(Fields.STARTED_AT, start.toString());
        fields.put(Fields.ENDED_AT, end.toString());
        fields.put(Fields.DURATION_MS, String.valueOf(Duration.between(start, end).toMillis()));
        return new Entry(seq, EntryKind.STEP, fields, null, null);
    }
}
