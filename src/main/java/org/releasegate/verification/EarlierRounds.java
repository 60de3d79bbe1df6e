package org.releasegate.verification;

import static org.releasegate.process.ReleasePolicy.Vars.FIX_REFERENCE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.TESTED_INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_VERSION;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.Variables.SerializationDataFormats;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.releasegate.process.ReleasePolicy;

/**
 * What a verification task of a later round shows its verifier (task-local {@code earlierRounds}, read-only: no form
 * field binds it, so the gate refuses it from any client): the fix installed on test since the first round — which
 * installer, version, SHA-256 and vendor reference — and each earlier verdict on the same item in this release, with
 * its comment, who gave it, when, and its evidence files (download links). A JSON object, so that its size is not
 * bounded by a text variable's 4,000 characters and the embedded form reads it without parsing text.
 */
final class EarlierRounds {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private EarlierRounds() {
    }

    /** Sets {@code earlierRounds} on the task when there is something to show (from the second round on). */
    static void show(DelegateTask task, int round, List<Verdict> earlier, ZoneId zone) {
        if (round <= 1 && earlier.isEmpty()) {
            return;
        }
        TaskService tasks = task.getProcessEngineServices().getTaskService();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("round", round);
        if (round > 1) {
            Map<String, Object> fix = new LinkedHashMap<>();
            fix.put("installer", TESTED_INSTALLER_PACKAGE.find(task).orElse(null));
            fix.put("version", TEST_VERSION.find(task).orElse(null));
            fix.put("sha256", INSTALLER_SHA256.find(task).orElse(null));
            fix.put("reference", FIX_REFERENCE.find(task).orElse(null));
            shown.put("fix", fix);
        }
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (Verdict verdict : earlier) {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("round", verdict.round());
            given.put("verdict", verdict.outcome().label());
            given.put("passed", verdict.passed());
            given.put("comment", verdict.comment());
            given.put("by", verdict.userId());
            given.put("at", WHEN.format(verdict.recordedAt().atZone(zone)));
            given.put("evidence", tasks.getTaskAttachments(verdict.taskId()).stream()
                    .map(file -> Map.of("name", file.getName() == null ? "preuve" : file.getName(),
                            "href", EvidenceFiles.downloadLink(file))).toList());
            rounds.add(given);
        }
        shown.put("rounds", rounds);
        ObjectValue value = Variables.objectValue(shown).serializationDataFormat(SerializationDataFormats.JSON).create();
        task.setVariableLocal(ReleasePolicy.Vars.EARLIER_ROUNDS, value);
    }
}
