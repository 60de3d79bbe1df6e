package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DRILL_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.archive.RestoredBase;
import org.releasegate.archive.VerificationDepth;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.files.FileTrees;
import org.releasegate.environment.Environments;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Proves, before production is touched, that the release's archives restore: the data archive is extracted and
 * restored into a throw-away store of production's type (a scratch folder, file or database), whose content must
 * equal what was archived. A delta (a {@code directory} store) is written over the copy of its base restored and
 * verified before the window ({@link RestoredBase}), when that copy is provably intact: the window then pays for what
 * changed; otherwise base and delta are extracted in full. The installer archive is decompressed and re-hashed member by member, and so is the archive
 * of the program production runs now, which a rollback would reinstall.
 */
@Component
class DrillRestoreStep extends Step {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRestoreStep.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ArchiveStore archives;
    private final DataArchives dataArchives;
    private final DataStores dataStores;
    private final RestoredBase restoredBase;
    private final Clock clock;

    DrillRestoreStep(ArchiveStore archives, DataArchives dataArchives, DataStores dataStores, RestoredBase restoredBase,
                     Clock clock) {
        super(ReleasePolicy.Topics.DRILL_RESTORE, ReleasePolicy.Errors.DRILL_REJECTED);
        this.archives = archives;
        this.dataArchives = dataArchives;
        this.dataStores = dataStores;
        this.restoredBase = restoredBase;
        this.clock = clock;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String dataArchiveId = DATA_ARCHIVE_ID.from(task);
        Instant start = clock.instant();
        Path scratch = archives.scratchFolder(task.getId());
        // A re-delivered drill starts afresh: a kept copy it took before a crash is half-written, never reused.
        FileTrees.deleteRecursively(scratch);
        Fingerprint restored;
        String how;
        try {
            Fingerprint archived = dataArchives.contentOf(dataArchiveId);
            RestoredBase.Drill kept = restoredBase.drill(task.getProcessInstanceId(), dataArchiveId,
                    scratch.resolve("kept"));
            if (kept.applied()) {
                restored = Fingerprint.ofFiles(kept.files());
                how = Messages.text("restore.drill.report.delta-applied", dataArchiveId, kept.baseId());
            } else {
                FileTrees.deleteRecursively(scratch.resolve("kept"));
                Path extracted = dataArchives.extract(dataArchiveId, scratch.resolve("archive"));
                try (DataStore.ScratchStore drill = dataStores.of(Environments.PRODUCTION)
                        .scratch(scratch.resolve("restored"))) {
                    restored = drill.restoreSnapshot(extracted);
                }
                how = Messages.text("restore.drill.report.whole-restored", dataArchiveId);
                if (archives.find(dataArchiveId).map(archive -> archive.baseId() != null).orElse(false)) {
                    how += Messages.text("restore.drill.report.whole-because", kept.unusable());
                }
            }
            if (!restored.sameContentAs(archived)) {
                throw new RejectedInputException(Messages.text("restore.drill.differs", dataArchiveId,
                        restored.changesSince(archived).stream().limit(5).map(Changes::describe)
                                .collect(Collectors.joining(", "))),
                        "the restore drill of archive " + dataArchiveId + " does not give back what was archived: "
                                + restored.changesSince(archived), null);
            }
        } finally {
            try {
                restoredBase.setAside(task.getProcessInstanceId(), scratch.resolve("kept"));
            } catch (IOException | RuntimeException e) {
                LOG.warn("The restored base the drill used stays in {}: {}", scratch, e.getMessage());
            }
            ScratchFolders.deleteQuietly(scratch);
        }
        String installer = INSTALLER_ARCHIVE_ID.from(task);
        String installerChecked = installerChecked(installer);
        String rollbackProgram = PREVIOUS_PRODUCTION_VERSION.find(task).map(this::rollbackProgram).orElse("");
        String report = Messages.text("restore.drill.report", seconds(Duration.between(start, clock.instant())), how,
                restored.parts().size(), partsName(restored), restored.totalCount(), unitName(restored),
                restored.sha256(), installer, installerChecked, rollbackProgram);
        return DRILL_REPORT.on(Variables.createVariables(), report);
    }

    /**
     * A rollback of this release reinstalls the program production runs now: its archive is checked as well, or the
     * report says that there is none (a version installed without Release Gate, the first release it manages).
     */
    private String rollbackProgram(String version) {
        try {
            Optional<Archive> previous = archives.latest(ArchiveKind.INSTALLER, version);
            if (previous.isEmpty()) {
                return Messages.text("restore.drill.report.no-rollback-installer", version);
            }
            String checked = installerChecked(previous.get().id());
            return Messages.text("restore.drill.report.rollback-installer", version, previous.get().id(),
                    checked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An installer archive is no production data: verified in depth before the window (by the base step), it is only
     * checked there by its file's stamp — unchanged since, which any write, truncation or replacement would change —
     * rather than decompressed again. Without that record, or with another stamp, it is decompressed and every member
     * re-hashed here. The report says which, and when.
     */
    private String installerChecked(String archiveId) throws IOException {
        Optional<Instant> verifiedAt = archives.verifiedUnchanged(archiveId);
        if (verifiedAt.isPresent()) {
            return Messages.text("restore.drill.installer-verified-before", DAY.format(verifiedAt.get()),
                    TIME.format(verifiedAt.get()));
        }
        archives.verify(archiveId, VerificationDepth.DEEP);
        return Messages.text("restore.drill.installer-verified");
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String partsName(Fingerprint fingerprint) {
        return switch (fingerprint.unit()) {
            case Fingerprint.ROWS -> Messages.text("restore.drill.report.parts.rows");
            case Fingerprint.MIXED -> Messages.text("restore.drill.report.parts.mixed");
            default -> Messages.text("restore.drill.report.parts.files");
        };
    }

    private static String unitName(Fingerprint fingerprint) {
        return switch (fingerprint.unit()) {
            case Fingerprint.ROWS -> Messages.text("restore.drill.report.units.rows");
            case Fingerprint.MIXED -> Messages.text("restore.drill.report.units.mixed");
            default -> Messages.text("restore.drill.report.units.files");
        };
    }
}
