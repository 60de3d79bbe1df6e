package org.releasegate.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.releasegate.data.Fingerprint;

/**
 * What the restore ({@link RestoreArchiveStep}) needs of the archive store, which lives on the engine node whatever
 * node runs the restore: read there ({@link LocalRestoreArchives}) or, on production's agent, asked of the engine node
 * over {@code /transfer/restore/…} ({@code transfer/RemoteRestoreArchives}, docs/agents.md). Every archive reaches
 * the restore extracted and checked (file SHA-256, then every member) before production is touched.
 */
public interface RestoreArchives {

    /* Every call names the restore's task: production's agent is answered only while it holds that task's lock. */

    /** Empties and returns the step's own work folder, named after the task: a re-delivered task starts afresh. */
    Path scratch(String taskId) throws IOException;

    /**
     * The installer archived for {@code version}, extracted and checked into {@code emptyFolder} (created here).
     *
     * @param running whether it is the version production runs now (the refusal then says it is needed to go back)
     * @return the installer file
     * @throws org.releasegate.RejectedInputException when there is none (French), or it does not verify
     */
    Path installer(String taskId, String version, boolean running, Path emptyFolder) throws IOException;

    /** A data archive extracted and checked into {@code emptyFolder} (created here): its full content. */
    Path data(String taskId, String archiveId, Path emptyFolder) throws IOException;

    /** What a data archive holds. */
    Fingerprint contentOf(String taskId, String archiveId) throws IOException;

    /** The archive of production's data an earlier attempt of this task registered before switching anything. */
    Optional<PreRestore> preRestoreOf(String taskId) throws IOException;

    /** Archives production's data now, as it is before the restore, as the pre-restore archive of this task. */
    PreRestore archiveProduction(String taskId, String runningVersion) throws IOException;

    /** A pre-restore archive: its id and the version production ran when it was taken. */
    record PreRestore(String id, String version) {
    }
}
