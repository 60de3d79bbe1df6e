package org.releasegate.report;

/**
 * Names of the fields of record entries that are not process variables (those keep their variable's name). They
 * are part of the record format: renaming one changes every hash.
 */
final class Fields {

    static final String ID = "id";
    static final String NAME = "name";
    static final String DEFINITION = "definition";
    static final String STATE = "state";
    static final String OUTCOME = "outcome";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String ENDED_AT = "endedAt";
    static final String DURATION_MS = "durationMs";
    static final String ACTIVITY_ID = "activityId";
    static final String ACTIVITY_TYPE = "activityType";
    static final String STEP = "step";
    static final String TASK_ID = "taskId";
    static final String BY = "by";
    static final String AT = "at";
    static final String TYPE = "type";
    static final String MESSAGE = "message";
    static final String ROUND = "round";
    static final String ITEM_KIND = "itemKind";
    static final String ITEM_ID = "itemId";
    static final String ITEM_VERSION = "itemVersion";
    static final String ITEM_TITLE = "itemTitle";
    static final String VERDICT = "verdict";
    static final String COMMENT = "comment";
    static final String DESCRIPTION = "description";
    static final String URL = "url";
    static final String SIZE = "size";
    static final String SHA256 = "sha256";
    static final String GENERATED_AT = "generatedAt";
    static final String GENERATED_BY = "generatedBy";
    static final String ZONE = "zone";
    static final String ENTRY_COUNT = "entryCount";

    private Fields() {
    }
}
