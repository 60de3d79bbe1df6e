package org.releasegate.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.releasegate.AgentComponents;
import org.releasegate.RejectedInputException;
import org.releasegate.api.Forbidden;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.FolderStream;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.process.ReleasePolicy.Vars;
import org.releasegate.restore.LocalRestoreArchives;
import org.releasegate.restore.RestoreArchives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The engine node's side of a restore that production's agent runs (docs/agents.md): the archives stay in this node's
 * store, and the agent asks for what the restore needs under {@code /transfer/restore/{taskId}/…} — the pre-restore
 * archive an earlier attempt registered ({@code GET pre-restore}), production's data archived now as that archive
 * ({@code POST pre-restore?version=}, through the agent's own snapshot when this node reaches production's data
 * through it), an installer ({@code GET installer/{version}}) or the release's data archive
 * ({@code GET data/{archiveId}}) extracted and checked here, then sent as a {@link FolderStream}, and a data
 * archive's fingerprint ({@code GET content/{archiveId}}). All only for production's agent while it holds the lock of
 * production's restore of that task id, and the data only of that release's archive or that task's pre-restore one.
 * What takes long (an extraction, an archive) is prepared while the stream tells the agent that it comes; a
 * preparation that fails ends the stream with a French reason.
 */
@RestController
@Profile("!" + AgentComponents.PROFILE)
class RestoreArchivesController {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreArchivesController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = TransferAuthentication.PATH + "/restore/";
    /** The one file of the answer to {@code POST pre-restore}. */
    static final String PRE_RESTORE_FILE = "pre-restore.json";

    private final CallingAgents callers;
    private final RestoreArchives archives;
    /** How often a stream still being prepared says so: well within the agents' idle timeout, as this node's. */
    private final Duration heartbeat;
    /** Per restore task: one a rollback, a handful over a node's life. */
    private final ConcurrentMap<String, ReentrantLock> sending = new ConcurrentHashMap<>();

    RestoreArchivesController(CallingAgents callers, LocalRestoreArchives archives, TransferProperties settings) {
        this.callers = callers;
        this.archives = archives;
        this.heartbeat = Duration.ofMillis(Math.max(250, Math.min(5_000, settings.idleTimeout().toMillis() / 3)));
    }

    @GetMapping(PATH + "{taskId}/pre-restore")
    ResponseEntity<RestoreArchives.PreRestore> preRestore(@PathVariable String taskId) throws IOException {
        requireRestoring(taskId);
        return archives.preRestoreOf(taskId).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping(PATH + "{taskId}/pre-restore")
    void archiveProduction(@PathVariable String taskId, @RequestParam String version, HttpServletResponse response)
            throws IOException {
        String agent = requireRestoring(taskId).agent();
        send(response, taskId, agent, "pre-restore-" + version, folder -> {
            RestoreArchives.PreRestore archived = archives.archiveProduction(taskId, version);
            JSON.writeValue(Files.createDirectories(folder).resolve(PRE_RESTORE_FILE).toFile(), archived);
            return folder;
        });
    }

    @GetMapping(PATH + "{taskId}/installer/{version}")
    void installer(@PathVariable String taskId, @PathVariable String version, @RequestParam boolean running,
                   HttpServletResponse response) throws IOException {
        String agent = requireRestoring(taskId).agent();
        send(response, taskId, agent, "installer-" + version, folder -> {
            archives.installer(taskId, version, running, folder);
            return folder;
        });
    }

    @GetMapping(PATH + "{taskId}/data/{archiveId}")
    void data(@PathVariable String taskId, @PathVariable String archiveId, HttpServletResponse response)
            throws IOException {
        Restoring restoring = requireRestoring(taskId);
        if (!releaseArchive(restoring, archiveId)) {
            throw refused();
        }
        send(response, taskId, restoring.agent(), archiveId, folder -> archives.data(taskId, archiveId, folder));
    }

    @GetMapping(PATH + "{taskId}/content/{archiveId}")
    Fingerprint content(@PathVariable String taskId, @PathVariable String archiveId) throws IOException {
        Restoring restoring = requireRestoring(taskId);
        if (!releaseArchive(restoring, archiveId) && !archives.preRestoreOf(taskId)
                .map(RestoreArchives.PreRestore::id).filter(archiveId::equals).isPresent()) {
            throw refused();
        }
        return archives.contentOf(taskId, archiveId);
    }

    /**
     * Prepares what is sent in a scratch folder of this node named after the task, sends it, then deletes it. A
     * preparation that fails (an archive that does not verify, none to send) ends the stream with the reason.
     */
    private void send(HttpServletResponse response, String taskId, String agent, String what, Preparation preparation)
            throws IOException {
        // One request of a task at a time: an attempt the agent gave up may still be preparing when the next one
        // comes (the same archive, the same scratch folder); the next one waits, its stream saying that it comes.
        ReentrantLock oneAtATime = sending.computeIfAbsent(taskId, id -> new ReentrantLock());
        response.setContentType("application/octet-stream");
        try {
            Fingerprint sent = FolderStream.writePrepared(() -> {
                try {
                    oneAtATime.lockInterruptibly();
                    return preparation.prepare(archives.scratch(taskId).resolve("sent"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while an earlier request of task " + taskId
                            + " ran");
                } catch (IOException | RuntimeException e) {
                    LOG.warn("{} could not be prepared for the restore {} runs: {}", what, agent, e.toString());
                    if (e instanceof RejectedInputException) {
                        throw e;
                    }
                    throw new RejectedInputException(Messages.text("transfer.restore.not-prepared", what), e);
                }
            }, response.getOutputStream(), heartbeat.toMillis());
            LOG.info("{} sent to {} for its restore of production (task {}): {}", what, agent, taskId, sent.summary());
        } catch (IOException | RuntimeException e) {
            // The stream ends without its end frame, which is all the agent needs to refuse what it got.
            LOG.warn("{} was not sent whole to {} (task {}): {}", what, agent, taskId, e.getMessage());
        } finally {
            if (oneAtATime.isHeldByCurrentThread()) {
                FileTrees.deleteRecursively(archives.scratch(taskId));
                oneAtATime.unlock();
            }
        }
    }

    /** The caller and the restore it runs: production's agent, holding the lock of production's restore task. */
    private Restoring requireRestoring(String taskId) {
        String agent = callers.requireAgent(RestoreArchivesController::refused);
        ExternalTask task = callers.lockedTasks(agent, Topics.RESTORE_ARCHIVE, Set.of(Environments.PRODUCTION))
                .stream().filter(locked -> locked.getId().equals(taskId)).findFirst().orElseThrow(
                        RestoreArchivesController::refused);
        return new Restoring(agent, task);
    }

    private static Forbidden refused() {
        return new Forbidden(Messages.text("transfer.api.restore-agent-only"));
    }

    /** What the folder sent is made of, written into the given folder (which does not exist yet). */
    @FunctionalInterface
    private interface Preparation {
        Path prepare(Path folder) throws IOException;
    }

    /** The caller and the restore task it holds the lock of. */
    private record Restoring(String agent, ExternalTask task) {
    }

    /** Whether {@code archiveId} is the data archive of the release this restore rolls back. */
    private boolean releaseArchive(Restoring restoring, String archiveId) {
        return Objects.equals(archiveId, callers.variableOf(restoring.task(), Vars.DATA_ARCHIVE_ID.name()));
    }
}
