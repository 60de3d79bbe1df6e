package org.releasegate.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.Attachment;
import org.releasegate.message.Messages;
import org.releasegate.process.FormContract;
import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleaseLabel;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.verification.AttachedEvidence;
import org.releasegate.verification.Verdict;
import org.releasegate.verification.VerdictRepository;
import org.springframework.stereotype.Component;

/**
 * Reads everything the engine's history and the verdict table know about one release, as the facts of its record:
 * the release, its steps, incidents, verdicts, attachments, decisions and the results of automated steps.
 */
@Component
class ReleaseHistory {

    /** Activities that are no step of the timeline: the model's routing. */
    static final Set<String> NOT_STEPS = Set.of(ActivityTypes.GATEWAY_EXCLUSIVE, ActivityTypes.GATEWAY_INCLUSIVE,
            ActivityTypes.GATEWAY_PARALLEL, ActivityTypes.GATEWAY_COMPLEX, ActivityTypes.GATEWAY_EVENT_BASED,
            ActivityTypes.MULTI_INSTANCE_BODY);

    private final HistoryService history;
    private final TaskService tasks;
    private final VerdictRepository verdicts;

    ReleaseHistory(HistoryService history, TaskService tasks, VerdictRepository verdicts) {
        this.history = history;
        this.tasks = tasks;
        this.verdicts = verdicts;
    }

    /** The facts of a release, or nothing if no release has this id. */
    Optional<List<Fact>> facts(String processInstanceId) {
        HistoricProcessInstance release = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        if (release == null || !ReleasePolicy.PROCESS_KEY.equals(release.getProcessDefinitionKey())) {
            return Optional.empty();
        }
        return Optional.of(new Reading(release).facts());
    }

    /** One reading of one release's history. */
    private final class Reading {

        private final HistoricProcessInstance release;
        private final String id;
        private final List<HistoricActivityInstance> activities;
        private final Map<String, HistoricActivityInstance> activitiesById;
        private final Map<String, HistoricTaskInstance> tasksById;
        private final List<UserOperationLogEntry> operationLog;
        private final UserOperations operations;

        Reading(HistoricProcessInstance release) {
            this.release = release;
            this.id = release.getId();
            this.activities = history.createHistoricActivityInstanceQuery().processInstanceId(id)
                    .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
            this.activitiesById = activities.stream()
                    .collect(Collectors.toMap(HistoricActivityInstance::getId, Function.identity(), (a, b) -> a));
            this.tasksById = history.createHistoricTaskInstanceQuery().processInstanceId(id).list().stream()
                    .collect(Collectors.toMap(HistoricTaskInstance::getId, Function.identity()));
            this.operationLog = history.createUserOperationLogQuery().processInstanceId(id).orderByTimestamp().asc().list();
            this.operations = new UserOperations(operationLog);
        }

        List<Fact> facts() {
            List<Fact> facts = new ArrayList<>();
            facts.add(release());
            activities.stream().filter(activity -> !NOT_STEPS.contains(activity.getActivityType()))
                    .map(this::step).forEach(facts::add);
            history.createHistoricIncidentQuery().processInstanceId(id).orderByCreateTime().asc().list().stream()
                    .map(this::incident).forEach(facts::add);
            verdicts.ofRelease(id).stream().map(this::verdict).forEach(facts::add);
            attachments().stream().map(this::attachment).forEach(facts::add);
            facts.addAll(decisionsAndEvidence());
            facts.addAll(AdminInterventions.of(release, operationLog));
            return facts;
        }

        private Fact release() {
            Fact.Builder fact = Fact.of(EntryKind.RELEASE)
                    .with(Fields.ID, id)
                    .with(Fields.NAME, release.getBusinessKey())
                    .with(Fields.DEFINITION, Objects.requireNonNullElse(release.getProcessDefinitionName(),
                            release.getProcessDefinitionKey()) + " (version " + release.getProcessDefinitionVersion() + ")")
                    .with(Fields.STARTED_BY, release.getStartUserId())
                    .with(Fields.STARTED_AT, release.getStartTime())
                    .with(Fields.ENDED_AT, release.getEndTime())
                    .with(Fields.STATE, release.getState())
                    .with(Fields.OUTCOME, ReleaseOutcome.of(release, this::activityName));
            Set<String> names = ReleaseVariables.SUMMARY.stream().map(ProcessVariable::name).collect(Collectors.toSet());
            for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery().processInstanceId(id)
                    .variableNameIn(names.toArray(String[]::new)).disableCustomObjectDeserialization().list()) {
                if (id.equals(variable.getExecutionId())) {
                    fact.with(variable.getName(), variable.getValue());
                }
            }
            return fact.build();
        }

        private Fact step(HistoricActivityInstance activity) {
            return Fact.of(EntryKind.STEP)
                    .with(Fields.ACTIVITY_ID, activity.getActivityId())
                    .with(Fields.ACTIVITY_TYPE, activity.getActivityType())
                    .with(Fields.NAME, stepName(activity))
                    .with(Fields.BY, who(activity))
                    .with(Fields.TASK_ID, activity.getTaskId())
                    .with(Fields.STARTED_AT, activity.getStartTime())
                    .with(Fields.ENDED_AT, activity.getEndTime())
                    .with(Fields.DURATION_MS, activity.getDurationInMillis())
                    .with(Fields.STATE, activity.isCanceled() ? Messages.text("report.fact.step-cancelled") : null)
                    .build();
        }

        private Fact incident(HistoricIncident incident) {
            return Fact.of(EntryKind.INCIDENT)
                    .with(Fields.ID, incident.getId())
                    .with(Fields.ACTIVITY_ID, incident.getActivityId())
                    .with(Fields.STEP, Objects.requireNonNullElse(activityName(incident.getActivityId()), incident.getActivityId()))
                    .with(Fields.TYPE, incident.getIncidentType())
                    .with(Fields.MESSAGE, incident.getIncidentMessage())
                    .with(Fields.STARTED_AT, incident.getCreateTime())
                    .with(Fields.ENDED_AT, incident.getEndTime())
                    .with(Fields.STATE, Messages.text(incident.isOpen() ? "report.fact.incident-open"
                            : incident.isResolved() ? "report.fact.incident-resolved" : "report.fact.incident-deleted"))
                    .build();
        }

        private Fact verdict(Verdict verdict) {
            return Fact.of(EntryKind.VERDICT)
                    .with(Fields.ROUND, verdict.round())
                    .with(Fields.ITEM_KIND, verdict.kind().name())
                    .with(Fields.ITEM_ID, verdict.itemId())
                    .with(Fields.ITEM_VERSION, verdict.itemVersion())
                    .with(Fields.ITEM_TITLE, verdict.itemTitle())
                    .with(Fields.VERDICT, verdict.outcome().name())
                    .with(Fields.COMMENT, verdict.comment())
                    .with(Fields.BY, verdict.userId())
                    .with(Fields.AT, verdict.recordedAt())
                    .with(Fields.TASK_ID, verdict.taskId())
                    .build();
        }

        private List<Attachment> attachments() {
            Map<String, Attachment> byId = new LinkedHashMap<>();
            tasks.getProcessInstanceAttachments(id).forEach(attachment -> byId.putIfAbsent(attachment.getId(), attachment));
            tasksById.keySet().stream().sorted()
                    .forEach(taskId -> tasks.getTaskAttachments(taskId).forEach(attachment -> byId.putIfAbsent(attachment.getId(), attachment)));
            return byId.values().stream()
                    .sorted(Comparator.comparing(Attachment::getCreateTime, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(Attachment::getId)).toList();
        }

        private Fact attachment(Attachment attachment) {
            Fact.Builder fact = Fact.of(EntryKind.ATTACHMENT)
                    .with(Fields.ID, attachment.getId())
                    .with(Fields.TASK_ID, attachment.getTaskId())
                    .with(Fields.STEP, Optional.ofNullable(tasksById.get(attachment.getTaskId()))
                            .map(HistoricTaskInstance::getName).orElse(Messages.text("report.fact.release")))
                    .with(Fields.NAME, attachment.getName())
                    .with(Fields.DESCRIPTION, attachment.getDescription())
                    .with(Fields.TYPE, attachment.getType())
                    .with(Fields.AT, attachment.getCreateTime());
            if (attachment.getUrl() != null) {
                return fact.with(Fields.URL, attachment.getUrl()).build();
            }
            if (attachment.getTaskId() != null) {
                fact.with(Fields.URL, "/engine-rest/task/" + attachment.getTaskId() + "/attachment/" + attachment.getId() + "/data");
            }
            AttachedEvidence.digest(tasks, attachment.getId())
                    .ifPresent(digest -> fact.with(Fields.SIZE, digest.size()).with(Fields.SHA256, digest.sha256()));
            return fact.build();
        }

        /**
         * Every update of a decision or result variable, grouped by the operation that made it (one task completion,
         * one automated step), so a decision taken twice appears twice, each time with who took it.
         */
        private List<Fact> decisionsAndEvidence() {
            Map<String, List<Update>> groups = new LinkedHashMap<>();
            Map<String, Object> lastValues = new HashMap<>();
            for (HistoricDetail detail : history.createHistoricDetailQuery().processInstanceId(id).variableUpdates()
                    .disableBinaryFetching().disableCustomObjectDeserialization()
                    .orderByTime().asc().orderPartiallyByOccurrence().asc().list()) {
                HistoricVariableUpdate update = (HistoricVariableUpdate) detail;
                String name = update.getVariableName();
                if (!ReleaseVariables.isDecision(name) && !ReleaseVariables.isEvidence(name)
                        && !ReleasePolicy.Vars.INSTALL_LOG_FILE.equals(name)) {
                    continue;
                }
                boolean changed = !lastValues.containsKey(name) || !Objects.equals(lastValues.get(name), update.getValue());
                lastValues.put(name, update.getValue());
                if (update.isInitial()) {
                    continue;
                }
                String key = update.getUserOperationId() != null ? update.getUserOperationId() : update.getActivityInstanceId();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Update(update, changed));
            }
            List<Fact> decisions = new ArrayList<>();
            List<Fact> evidence = new ArrayList<>();
            groups.values().forEach(group -> {
                group(group, EntryKind.DECISION).ifPresent(decisions::add);
                group(group, EntryKind.EVIDENCE).ifPresent(evidence::add);
            });
            decisions.addAll(evidence);
            return decisions;
        }

        private Optional<Fact> group(List<Update> updates, EntryKind kind) {
            HistoricVariableUpdate first = updates.get(0).detail();
            HistoricActivityInstance activity = activitiesById.get(first.getActivityInstanceId());
            String taskId = operations.task(first.getUserOperationId())
                    .orElse(activity == null ? null : activity.getTaskId());
            String taskKey = taskId != null && tasksById.containsKey(taskId)
                    ? tasksById.get(taskId).getTaskDefinitionKey() : activity == null ? null : activity.getActivityId();
            // Tasklist submits read-only fields too: such a value counts as this task's doing only when it changed.
            List<String> setByTask = taskKey == null ? List.of()
                    : ReleasePolicy.Forms.ofTask(taskKey).map(FormContract::writableNames).orElse(List.of());
            Fact.Builder fact = Fact.of(kind);
            int values = 0;
            for (Update update : updates) {
                String name = update.detail().getVariableName();
                boolean wanted = kind == EntryKind.DECISION ? ReleaseVariables.isDecision(name) : ReleaseVariables.isEvidence(name);
                boolean mine = taskId == null || setByTask.contains(name) || update.changed();
                if (kind == EntryKind.EVIDENCE && ReleasePolicy.Vars.INSTALL_LOG_FILE.equals(name)) {
                    // The log itself is no text of the record: its address is, that of this very update.
                    fact.with(name, InstallLogs.address(id, update.detail().getId()));
                    values++;
                    continue;
                }
                if (wanted && mine && update.detail().getValue() != null && !update.detail().getValue().toString().isEmpty()) {
                    fact.with(name, update.detail().getValue());
                    values++;
                }
            }
            if (values == 0) {
                return Optional.empty();
            }
            String step = taskId != null && tasksById.containsKey(taskId) ? taskName(tasksById.get(taskId))
                    : activity != null ? stepName(activity) : Messages.text("report.fact.data-changed");
            String by = operations.user(first.getUserOperationId())
                    .orElseGet(() -> activity != null ? who(activity) : null);
            return Optional.of(fact.with(Fields.STEP, step).with(Fields.TASK_ID, taskId).with(Fields.BY, by)
                    .with(Fields.ACTIVITY_ID, activity == null ? null : activity.getActivityId())
                    .with(Fields.AT, first.getTime()).build());
        }

        private String stepName(HistoricActivityInstance activity) {
            HistoricTaskInstance task = activity.getTaskId() == null ? null : tasksById.get(activity.getTaskId());
            if (task != null && task.getName() != null) {
                return taskName(task);
            }
            return Objects.requireNonNullElse(activity.getActivityName(), activity.getActivityId());
        }

        /** A task's name as this release's report says it: without the release's own name, which heads the report. */
        private String taskName(HistoricTaskInstance task) {
            return ReleaseLabel.withoutRelease(task.getName(), release.getBusinessKey());
        }

        /** Who did a step: the user who completed a task, the initiator for the start, Release Gate for the rest. */
        private String who(HistoricActivityInstance activity) {
            if (ActivityTypes.TASK_USER_TASK.equals(activity.getActivityType())) {
                return operations.completer(activity.getTaskId()).orElse(activity.getAssignee());
            }
            // the release's start, not the start of one of its phases (a sub-process)
            if (ActivityTypes.START_EVENT.equals(activity.getActivityType()) && release.getStartUserId() != null
                    && id.equals(activity.getParentActivityInstanceId())) {
                return release.getStartUserId();
            }
            return ReportLabels.AUTOMATED;
        }

        private String activityName(String activityId) {
            return activities.stream().filter(activity -> activity.getActivityId().equals(activityId))
                    .map(HistoricActivityInstance::getActivityName).filter(Objects::nonNull).findFirst().orElse(null);
        }
    }

    private record Update(HistoricVariableUpdate detail, boolean changed) {
    }
}
