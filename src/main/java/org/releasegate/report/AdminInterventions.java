package org.releasegate.report;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;

/**
 * What someone did to a release outside its policy's path — started it at a step, moved it, wrote or removed its
 * variables, suspended, migrated or cancelled it — read from the engine's operation log. The gate lets only
 * {@code camunda-admin} do these; the report shows each one, with who, when and what changed.
 */
final class AdminInterventions {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_CREATE, Messages.text("report.intervention.start-elsewhere")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_MODIFY_PROCESS_INSTANCE, Messages.text("report.intervention.path")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_SET_VARIABLE, Messages.text("report.intervention.variables")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_SET_VARIABLES, Messages.text("report.intervention.variables")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_MODIFY_VARIABLE, Messages.text("report.intervention.variables")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_REMOVE_VARIABLE, Messages.text("report.intervention.variables-removed")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_SUSPEND, Messages.text("report.intervention.suspended")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_ACTIVATE, Messages.text("report.intervention.activated")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_MIGRATE, Messages.text("report.intervention.migrated")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_DELETE, Messages.text("report.intervention.cancelled")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_CORRELATE_MESSAGE, Messages.text("report.intervention.message")),
            Map.entry(UserOperationLogEntry.OPERATION_TYPE_CREATE_INCIDENT, Messages.text("report.intervention.incident")));

    private AdminInterventions() {
    }

    static List<Fact> of(HistoricProcessInstance release, List<UserOperationLogEntry> log) {
        Map<String, List<UserOperationLogEntry>> operations = log.stream()
                .filter(entry -> isIntervention(release, entry))
                .collect(groupingBy(UserOperationLogEntry::getOperationId, LinkedHashMap::new, toList()));
        return operations.values().stream().map(AdminInterventions::fact).toList();
    }

    private static boolean isIntervention(HistoricProcessInstance release, UserOperationLogEntry entry) {
        String type = entry.getOperationType();
        if (!LABELS.containsKey(type)) {
            return false;
        }
        boolean onTheRelease = EntityTypes.PROCESS_INSTANCE.equals(entry.getEntityType());
        return switch (type) {
            // every start is logged; only one that skipped the start event is an intervention
            case UserOperationLogEntry.OPERATION_TYPE_CREATE ->
                    onTheRelease && !ReleasePolicy.Elements.START.equals(release.getStartActivityId());
            case UserOperationLogEntry.OPERATION_TYPE_DELETE -> onTheRelease;
            default -> true;
        };
    }

    private static Fact fact(List<UserOperationLogEntry> operation) {
        UserOperationLogEntry first = operation.get(0);
        String changes = operation.stream().filter(entry -> entry.getProperty() != null)
                .map(entry -> entry.getProperty() + " : " + Objects.toString(entry.getOrgValue(), "—") + " → "
                        + Objects.toString(entry.getNewValue(), "—"))
                .collect(joining(" ; "));
        return Fact.of(EntryKind.INTERVENTION)
                .with(Fields.TYPE, LABELS.get(first.getOperationType()))
                .with(Fields.BY, first.getUserId())
                .with(Fields.AT, first.getTimestamp())
                .with(Fields.MESSAGE, changes)
                .build();
    }
}
