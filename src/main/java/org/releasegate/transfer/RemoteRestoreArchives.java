package org.releasegate.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegate.AgentComponents;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.FolderStream;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.files.PrivateFolder;
import org.releasegate.restore.RestoreArchives;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On production's agent, the engine node's archive store as the restore needs it ({@link RestoreArchivesController}):
 * archives arrive extracted and checked there, as a {@link FolderStream} checked file by file here, into the restore's
 * scratch folder; a stream cut or altered leaves nothing that is used. The scratch folder is a private, hidden
 * sibling of production's data ({@link DataStores#besideOf}: on the file system that must hold production's data
 * anyway, where the data is staged next, rather than the agent's temporary folder, often small), named after the task.
 */
@Component
@Profile(AgentComponents.PROFILE)
class RemoteRestoreArchives implements RestoreArchives {

    static final String SCRATCH_PREFIX = ".release-gate-restore-";
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineLink engine;
    private final TransferProperties settings;
    private final DataStores dataStores;

    RemoteRestoreArchives(EngineLink engine, TransferProperties settings, DataStores dataStores) {
        this.engine = engine;
        this.settings = settings;
        this.dataStores = dataStores;
    }

    @Override
    public Path scratch(String taskId) throws IOException {
        if (!TASK_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("not a task id: " + taskId);
        }
        Path scratch = dataStores.besideOf(Environments.PRODUCTION).resolve(SCRATCH_PREFIX + taskId);
        PrivateFolder.create(scratch);
        return scratch;
    }

    @Override
    public Path installer(String taskId, String version, boolean running, Path emptyFolder) throws IOException {
        receive("GET", taskId, "installer/" + encoded(version) + "?running=" + running, version, emptyFolder);
        try (Stream<Path> files = Files.list(emptyFolder)) {
            List<Path> installers = files.toList();
            if (installers.size() != 1 || !Files.isRegularFile(installers.get(0), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("Release Gate sent " + installers.size() + " entries for the installer of "
                        + version + ", not one file");
            }
            return installers.get(0);
        }
    }

    @Override
    public Path data(String taskId, String archiveId, Path emptyFolder) throws IOException {
        receive("GET", taskId, "data/" + encoded(archiveId), archiveId, emptyFolder);
        return emptyFolder;
    }

    @Override
    public Fingerprint contentOf(String taskId, String archiveId) throws IOException {
        return ask(taskId, "content/" + encoded(archiveId), archiveId, Fingerprint.class)
                .orElseThrow(() -> new IOException("Release Gate sent no fingerprint of " + archiveId));
    }

    @Override
    public Optional<PreRestore> preRestoreOf(String taskId) throws IOException {
        return ask(taskId, "pre-restore", "pre-restore", PreRestore.class);
    }

    @Override
    public PreRestore archiveProduction(String taskId, String runningVersion) throws IOException {
        Path answer = dataStores.besideOf(Environments.PRODUCTION).resolve(SCRATCH_PREFIX + taskId + "-archived-"
                + FileTrees.randomSuffix());
        try {
            receive("POST", taskId, "pre-restore?version=" + encoded(runningVersion), "pre-restore", answer);
            return JSON.readValue(answer.resolve(RestoreArchivesController.PRE_RESTORE_FILE).toFile(),
                    PreRestore.class);
        } finally {
            FileTrees.deleteRecursively(answer);
        }
    }

    /** A small JSON answer; empty on 204. */
    private <T> Optional<T> ask(String taskId, String path, String subject, Class<T> type) throws IOException {
        HttpURLConnection connection = engine.open("GET", "restore/" + encoded(taskId) + "/" + path,
                settings.idleTimeout());
        try {
            int status = connection.getResponseCode();
            if (status == 204) {
                return Optional.empty();
            }
            if (status != 200) {
                throw engine.refused(connection, subject + " for the restore", "transfer.restore.not-sent", subject);
            }
            try (InputStream body = connection.getInputStream()) {
                return Optional.of(JSON.readValue(body.readNBytes(1 << 20), type));
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Receives a folder stream into {@code folder} (created here, must not exist), every file checked. */
    private void receive(String method, String taskId, String path, String subject, Path folder) throws IOException {
        HttpURLConnection connection = engine.open(method, "restore/" + encoded(taskId) + "/" + path,
                settings.idleTimeout());
        try (Watchdog.Watch watch = Watchdog.watch(settings.idleTimeout(), settings.idleTimeout(),
                connection::disconnect)) {
            if ("POST".equals(method)) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(0);
                connection.getOutputStream().close();
            }
            if (connection.getResponseCode() != 200) {
                throw engine.refused(connection, subject + " for the restore", "transfer.restore.not-sent", subject);
            }
            // Every byte counts as a sign of life: the one-byte frames that say the engine node still prepares too.
            try (InputStream in = new FilterInputStream(connection.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int read = super.read();
                    watch.moved();
                    return read;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    watch.moved();
                    return read;
                }
            }) {
                FolderStream.receive(in, folder);
            } catch (IOException | RuntimeException e) {
                // A stream cut, altered or ended by the engine node's reason: nothing of it is used.
                FileTrees.deleteAfterFailure(folder, e);
                throw e;
            }
        } finally {
            connection.disconnect();
        }
    }

    private static String encoded(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
