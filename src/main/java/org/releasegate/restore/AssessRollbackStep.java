package org.releasegate.restore;

import static org.releasegate.process.ReleasePolicy.Variables.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Variables.ROLLBACK_COST;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveNotFoundException;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.Fingerprint;
import org.releasegate.environment.Environments;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the release manager, before they decide on a rollback, what restoring the archive would lose: every table
 * (or file) of production that changed since the archive was taken just before the install, and how long ago that
 * was. It never stops the release: if it cannot tell, the decision form says why.
 */
@Component
class AssessRollbackStep extends Step {

    private static final Logger LOG = LoggerFactory.getLogger(AssessRollbackStep.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final int LISTED = 20;

    private final ArchiveStore archives;
    private final DataArchives dataArchives;
    private final DataStores dataStores;
    private final Clock clock;

    AssessRollbackStep(ArchiveStore archives, DataArchives dataArchives, DataStores dataStores, Clock clock) {
        super(ReleasePolicy.Topics.ASSESS_ROLLBACK, null);
        this.archives = archives;
        this.dataArchives = dataArchives;
        this.dataStores = dataStores;
        this.clock = clock;
    }

    @Override
    public VariableMap run(ExternalTask task) {
        String archiveId = DATA_ARCHIVE_ID.from(task);
        String cost;
        try {
            Archive archive = archives.find(archiveId).orElseThrow(() -> new ArchiveNotFoundException("no archive " + archiveId));
            Fingerprint then = dataArchives.contentOf(archiveId);
            Fingerprint now = dataStores.of(Environments.PRODUCTION).fingerprintLike(then);
            cost = describe(archive, now.changesSince(then), now);
        } catch (Exception e) {
            LOG.warn("Could not assess what restoring {} would lose", archiveId, e);
            cost = "Impossible d'évaluer ce que la restauration perdrait : " + e.getMessage()
                    + ". La restauration vérifie l'archive avant de toucher à la production et archive d'abord son état actuel.";
        }
        return ROLLBACK_COST.on(Variables.createVariables(), cost);
    }

    private String describe(Archive archive, List<Fingerprint.Change> changes, Fingerprint now) {
        Duration since = Duration.between(archive.createdAt(), clock.instant());
        String header = "Archive " + archive.id() + " prise le "
                + WHEN.format(archive.createdAt().atZone(ZoneId.systemDefault())) + ", juste avant l'installation, il y a "
                + since.toHours() + " h " + since.toMinutesPart() + " min.";
        if (changes.isEmpty()) {
            return header + "\nAucune donnée de production n'a changé depuis : la restauration ne perdrait rien.";
        }
        boolean rows = Fingerprint.ROWS.equals(now.unit());
        String unit = rows ? "lignes" : "octets";
        String list = changes.stream().limit(LISTED)
                .map(change -> "• " + change.name() + " : " + switch (change.kind()) {
                    case ADDED -> (rows ? "table créée" : "fichier créé") + " (" + change.countNow() + " " + unit + ")";
                    case REMOVED -> (rows ? "table supprimée" : "fichier supprimé") + " (" + change.countThen() + " " + unit + ")";
                    case CHANGED -> "modifié (" + change.countThen() + " → " + change.countNow() + " " + unit + ")";
                })
                .collect(Collectors.joining("\n"));
        String more = changes.size() > LISTED ? "\n… et " + (changes.size() - LISTED) + " autres." : "";
        return header + "\n" + changes.size() + (rows ? " table(s)" : " fichier(s)")
                + " de production ont changé depuis ; la restauration annulerait ces changements :\n" + list + more
                + "\nL'état actuel est archivé avant toute restauration : il reste récupérable.";
    }
}
