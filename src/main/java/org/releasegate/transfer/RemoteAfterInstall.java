package org.releasegate.transfer;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.client.task.ExternalTask;
import org.releasegate.AgentComponents;
import org.releasegate.data.AfterInstallRecord;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.FolderStream;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.installation.ProductionInstallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On production's agent, right after production's install (before the restart), what the engine node records
 * itself when it runs that install ({@code restore/PostInstallFingerprint}): the record of production's data
 * ({@link AfterInstallRecord}), computed here like the archive's fingerprint, which is fetched from the engine node
 * for that, and sent to the engine node to lie beside that archive ({@link AfterInstallController}). Production's
 * files are all read again here (the agent has no archive, hence none of the stamps that spare the engine node
 * that read). Written first into a folder only this user reads, deleted once sent. A failure costs the rollback
 * assessment that split, never the install: it is logged.
 */
@Component
@Profile(AgentComponents.PROFILE)
class RemoteAfterInstall implements ProductionInstallListener {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAfterInstall.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineLink engine;
    private final TransferProperties settings;
    private final DataStores dataStores;
    private final Environments environments;

    RemoteAfterInstall(EngineLink engine, TransferProperties settings, DataStores dataStores,
                       Environments environments) {
        this.engine = engine;
        this.settings = settings;
        this.dataStores = dataStores;
        this.environments = environments;
    }

    @Override
    public void installed(ExternalTask task) {
        DATA_ARCHIVE_ID.find(task).ifPresent(this::record);
    }

    /** @return whether the engine node recorded it */
    boolean record(String dataArchiveId) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("release-gate-after-install-");
            Fingerprint archived = archived(dataArchiveId);
            AfterInstallRecord record = AfterInstallRecord.take(dataStores.of(Environments.PRODUCTION),
                    environments.dataFolderIfDirectory(Environments.PRODUCTION), archived, files -> Optional.empty(),
                    AfterInstallRecord.newRowsFolder(folder), "for Release Gate");
            record.writeTo(folder);
            send(dataArchiveId, folder);
            LOG.info("Production's data after the install sent to Release Gate, recorded beside {}: {}",
                    dataArchiveId, record.fingerprint().summary());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Production's data after the install was not recorded beside {}: the rollback assessment will not"
                    + " tell what the migration changed from what was entered since", dataArchiveId, e);
            return false;
        } finally {
            if (folder != null) {
                try {
                    FileTrees.deleteRecursively(folder);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", folder, e.getMessage());
                }
            }
        }
    }

    private Fingerprint archived(String dataArchiveId) throws IOException {
        HttpURLConnection connection = engine.open("GET", path(dataArchiveId), settings.idleTimeout());
        try {
            if (connection.getResponseCode() != 200) {
                throw new IOException("Release Gate (" + engine.base() + ") did not send the fingerprint of archive "
                        + dataArchiveId + ": " + EngineLink.refusal(connection));
            }
            try (InputStream in = connection.getInputStream()) {
                return JSON.readValue(in, Fingerprint.class);
            }
        } finally {
            connection.disconnect();
        }
    }

    private void send(String dataArchiveId, Path folder) throws IOException {
        HttpURLConnection connection = engine.open("POST", path(dataArchiveId), settings.idleTimeout());
        try {
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(1 << 16);
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            try (OutputStream out = connection.getOutputStream()) {
                FolderStream.write(folder, out);
            }
            if (connection.getResponseCode() != 204) {
                throw new IOException("Release Gate (" + engine.base() + ") did not record it: "
                        + EngineLink.refusal(connection));
            }
        } finally {
            connection.disconnect();
        }
    }

    private static String path(String dataArchiveId) {
        return "after-install/" + URLEncoder.encode(dataArchiveId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
