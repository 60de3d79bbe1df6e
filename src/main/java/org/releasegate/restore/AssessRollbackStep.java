package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveNotFoundException;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.releasegate.data.Fingerprint;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the release manager, before they decide on a rollback, what restoring the archive would lose (LossReport):
 * what people entered since the install, first; what the migration changed, apart; the numbers sequences would give
 * out a second time; for a database, record by record (RecordStates: the archive restored into a scratch database,
 * removed before the step ends). It never stops the release: if it cannot tell, the decision form says why.
 */
@Component
class AssessRollbackStep extends Step {

    private static final Logger LOG = LoggerFactory.getLogger(AssessRollbackStep.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final ArchiveStore archives;
    private final DataArchives dataArchives;
    private final DataStores dataStores;
    private final Environments environments;
    private final Clock clock;

    AssessRollbackStep(ArchiveStore archives, DataArchives dataArchives, DataStores dataStores,
                       Environments environments, Clock clock) {
        super(ReleasePolicy.Topics.ASSESS_ROLLBACK, null);
        this.archives = archives;
        this.dataArchives = dataArchives;
        this.dataStores = dataStores;
        this.environments = environments;
        this.clock = clock;
    }

    @Override
    public VariableMap run(ExternalTask task) {
        if (DATA_ARCHIVE_ID.find(task).isEmpty() && PRODUCTION_CLONE.find(task).isPresent()) {
            return ROLLBACK_COST.on(Variables.createVariables(), sinceClone(PRODUCTION_CLONE.from(task),
                    PRODUCTION_CLONE_SHA256.find(task).orElse(null)));
        }
        String archiveId = DATA_ARCHIVE_ID.from(task);
        String cost;
        Path scratch = archives.scratchFolder(task.getId());
        try {
            // A re-delivery after a crash starts afresh; a scratch database is named after this folder and replaced.
            FileTrees.deleteRecursively(scratch);
            Archive archive = archives.find(archiveId).orElseThrow(() -> ArchiveNotFoundException.of(archiveId, null));
            Fingerprint then = dataArchives.contentOf(archiveId);
            DataStore production = dataStores.of(Environments.PRODUCTION);
            Fingerprint now = production.fingerprintLike(then);
            Optional<Fingerprint> afterInstall = afterInstall(archiveId);
            FileVersions files = FileVersions.of(dataArchives, archiveId, then, afterInstall,
                    environments.dataFolderIfDirectory(Environments.PRODUCTION));
            RecordStates records = RecordStates.read(production, dataArchives, archiveId, scratch, then,
                    afterInstall.filter(installed -> LossReport.comparable(installed, then)), now);
            LossReport report = new LossReport(DataCategories.of(environments.get(Environments.PRODUCTION).data()), files,
                    records);
            cost = report.write(header(archive), then, afterInstall, now);
        } catch (Exception e) {
            LOG.warn("Could not assess what restoring {} would lose", archiveId, e);
            cost = Messages.text("restore.loss.unknown", why(e));
        } finally {
            ScratchFolders.deleteQuietly(scratch);
        }
        return ROLLBACK_COST.on(Variables.createVariables(), cost);
    }

    /**
     * Before the clone taken in the window is archived, a rollback renames it into place: what it would lose is what
     * changed in production since the clone, table by table (the migration and whatever ran since, production not yet
     * reopened to its users). The clone read whole for that is also proved against the stopped production's row
     * checksums ({@code stoppedSha256}), which the window recorded without reading the clone: a clone that does not
     * give them is told now, before the release manager decides on a rollback that would refuse it.
     */
    private String sinceClone(String clone, String stoppedSha256) {
        try {
            DataStore production = dataStores.of(Environments.PRODUCTION);
            Fingerprint then = production.serverClones().orElseThrow(() -> new IllegalStateException(
                    Messages.text("restore.clone.no-longer"))).store(clone).fingerprint();
            if (stoppedSha256 != null && !stoppedSha256.equals(then.sha256())) {
                return Messages.text("restore.clone.not-production", clone, then.sha256(), stoppedSha256);
            }
            Fingerprint now = production.fingerprintLike(then);
            List<Fingerprint.Change> changes = now.changesSince(then);
            List<ReissuedNumbers> reissued = ReissuedNumbers.since(then, now);
            String listed = changes.stream().limit(20).map(Changes::describe)
                    .collect(Collectors.joining("\n• ", "\n• ", ""));
            return Messages.text("restore.clone.in-clone", clone) + " " + (changes.isEmpty() ? Messages.text("restore.clone.unchanged")
                    : Messages.text("restore.clone.changed", changes.size()) + listed + (changes.size() > 20 ? "\n" + Messages.text("restore.clone.more", changes.size() - 20) : ""))
                    + (reissued.isEmpty() ? "" : "\n" + Messages.text("restore.clone.reissued")
                    + reissued.stream().map(numbers -> numbers.sequence() + " : " + numbers.describe())
                    .collect(Collectors.joining("\n• ", "\n• ", "")));
        } catch (Exception e) {
            LOG.warn("Could not assess what putting back the clone {} would lose", clone, e);
            return Messages.text("restore.loss.unknown-clone", clone, why(e));
        }
    }

    /**
     * Why the assessment failed, for the release manager: a refusal's own French reason; anything else (a file the
     * server could not read, a database error, in English and naming server paths) is in the server's log only.
     */
    private static String why(Exception e) {
        String reason = e instanceof RejectedInputException rejected ? rejected.getMessage().strip() : null;
        if (reason == null || reason.isEmpty()) {
            return Messages.text("restore.loss.see-log");
        }
        return reason.endsWith(".") ? reason : reason + ".";
    }

    /** Unreadable is as good as absent: the report then says it cannot split the migration from what came after. */
    private Optional<Fingerprint> afterInstall(String archiveId) {
        try {
            return dataArchives.afterInstall(archiveId);
        } catch (Exception e) {
            LOG.warn("Production's data after the install, recorded beside {}, is unreadable", archiveId, e);
            return Optional.empty();
        }
    }

    private String header(Archive archive) {
        return Messages.text("restore.loss.header", archive.id(),
                WHEN.format(archive.createdAt().atZone(ZoneId.systemDefault())),
                ago(Duration.between(archive.createdAt(), clock.instant())));
    }

    /** « à l'instant », « il y a 5 min », « il y a 2 h 10 min »: never « il y a 0 h 0 min ». */
    static String ago(Duration since) {
        if (since.toMinutes() < 1) {
            return Messages.text("restore.loss.ago.now");
        }
        if (since.toHours() < 1) {
            return Messages.text("restore.loss.ago.minutes", since.toMinutes());
        }
        return Messages.text("restore.loss.ago.hours", since.toHours(), since.toMinutesPart());
    }
}
