package org.releasegate.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Component;

/**
 * The install logs a release's report offers for download: each install's {@code installLogFile}, as the engine's
 * history kept that update of the variable (a later install of the same release writes another one). A log is found
 * by its release and the id of its update, never by a path, and only as a log of that release.
 */
@Component
class InstallLogs {

    private final HistoryService history;

    InstallLogs(HistoryService history) {
        this.history = history;
    }

    /** Where the report links one install's log. */
    static String address(String processInstanceId, String updateId) {
        return "/reports/" + processInstanceId + "/journal-installation/" + updateId;
    }

    /** The log written by this update of this release, or nothing if it is no install log of the release. */
    Optional<Log> find(String processInstanceId, String updateId) {
        HistoricDetail detail = history.createHistoricDetailQuery().detailId(updateId)
                .processInstanceId(processInstanceId).variableUpdates().disableCustomObjectDeserialization()
                .singleResult();
        if (!(detail instanceof HistoricVariableUpdate update)
                || !ReleasePolicy.Vars.INSTALL_LOG_FILE.equals(update.getVariableName())) {
            return Optional.empty();
        }
        TypedValue value = update.getTypedValue();
        if (!(value instanceof FileValue file) || file.getValue() == null) {
            return Optional.empty();
        }
        try (InputStream in = file.getValue()) {
            return Optional.of(new Log(file.getFilename(), in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param name the log's file name, without its folder */
    record Log(String name, byte[] content) {
    }
}
