package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.ROLLBACK_COST;
import static org.releasegate.testsupport.ReleaseVariables.with;
import static org.releasegate.testsupport.StepFixtures.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.FolderCopier;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.environment.Environments;

/**
 * The rollback assessment of a production kept in a data folder of CSV files (the steps as the workers run them, on a
 * real archive): the migration's changes apart from what people entered since, in records rather than bytes.
 */
class AssessRollbackStepTest {

    private static final String ARCHIVE = "production-data-1.0-t1";

    @TempDir
    Path work;

    private Path data;
    private DataStores stores;
    private DataArchives dataArchives;
    private Environments environments;
    private AssessRollbackStep step;

    @BeforeEach
    void productionArchivedJustBeforeTheInstall() throws IOException {
        data = Files.createDirectories(work.resolve("production/data"));
        Files.writeString(data.resolve("clients.csv"), "id;nom;ville\nC001;Martin;Lyon\nC002;Alpes;Grenoble\n"
                + "C003;Port;Marseille\n");
        Files.writeString(data.resolve("factures.csv"), "id;client;montant\nF1;C001;10\nF2;C003;20\n");
        Files.writeString(data.resolve("schema-version"), "1.0\n");
        DataStoreSettings settings = new DataStoreSettings("directory", data, null, null, null, 2, null, null,
                "postgres", null, List.of(), List.of("clients.csv", "factures.csv", "commandes*.csv"), List.of("schema-*"));
        EnvironmentProperties.Environment production = new EnvironmentProperties.Environment(work, settings, null);
        environments = mock(Environments.class);
        when(environments.get(Environments.PRODUCTION)).thenReturn(production);
        when(environments.dataFolderIfDirectory(Environments.PRODUCTION)).thenReturn(Optional.of(data));
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        ArchiveStore archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper());
        stores = new DataStores(new EnvironmentProperties(Map.of(Environments.PRODUCTION, production)),
                new FolderCopier());
        dataArchives = new DataArchives(archives, stores, environments);
        dataArchives.archive(ARCHIVE, Environments.PRODUCTION, "1.0");
        step = new AssessRollbackStep(archives, dataArchives, stores, environments, Clock.systemUTC());
    }

    @Test
    void whatTheMigrationChangedIsToldApartFromWhatPeopleEnteredSinceInRecords() throws Exception {
        migrateToOnePointOne();
        new PostInstallFingerprint(dataArchives, stores, environments)
                .installed(task("t2", with(DATA_ARCHIVE_ID, ARCHIVE)));
        // People: a new customer in the file the migration rewrote, an invoice added and one corrected, an order.
        Files.writeString(data.resolve("clients.csv"), "id;nom;ville;pays\nC001;Martin;Lyon;FR\n"
                + "C002;Alpes;Grenoble;FR\nC003;Port;Marseille;FR\nC004;Dubois;Nantes;FR\n");
        Files.writeString(data.resolve("factures.csv"), "id;client;montant\nF1;C001;10\nF2;C003;25\nF3;C002;30\n");
        Files.writeString(data.resolve("commandes-du-jour.csv"), "id;client\n1;C001\n");

        String cost = assess();

        assertThat(cost).contains("""
                Saisi depuis la mise en production, par les utilisateurs ou l'ERP (3 fichiers) — une restauration le perdrait :
                Données métier (3) :
                • clients.csv : 1 enregistrement ajouté (C004)
                • commandes-du-jour.csv : fichier créé : 1 enregistrement
                • factures.csv : 1 enregistrement ajouté (F3), 1 modifié (F2)

                Changé par la migration (2 fichiers) — ce qu'une restauration doit annuler :
                Données métier (1) :
                • clients.csv : 3 enregistrements modifiés (C001, C002, C003) ; colonne ajoutée : pays
                Métadonnées de l'ERP (1) :
                • schema-version : modifié (4 → 4 octets)
                L'état actuel est archivé avant toute restauration : il reste récupérable.""")
                .doesNotContain("Dubois").doesNotContain("Aucune empreinte");
        assertThat(cost).as("the archive was taken a moment ago").startsWith("Archive " + ARCHIVE + " prise le ")
                .contains(", juste avant l'installation, il y a moins d'une minute.").doesNotContain("0 h 0 min");
    }

    @Test
    void whenItCannotTellItSaysWhyInFrenchAndLeavesServerPathsToTheLog() throws Exception {
        assertThat(ROLLBACK_COST.from(step.run(task("t3", with(DATA_ARCHIVE_ID, "no-such-archive")))))
                .isEqualTo("Impossible d'évaluer ce que la restauration perdrait. L'archive « no-such-archive » n'est "
                        + "plus dans le dossier des archives : elle a été supprimée ou déplacée, rien ne peut en être "
                        + "restauré. La restauration vérifie l'archive avant de toucher à la production et archive "
                        + "d'abord son état actuel.");

        org.releasegate.files.FileTrees.deleteRecursively(data);
        assertThat(assess()).as("production's data folder is gone: the server's log says where")
                .isEqualTo("Impossible d'évaluer ce que la restauration perdrait. Le journal du serveur dit pourquoi. "
                        + "La restauration vérifie l'archive avant de toucher à la production et archive d'abord son "
                        + "état actuel.")
                .doesNotContain(work.toString());
    }

    @Test
    void howLongAgoTheArchiveWasTakenIsSaidAsPeopleSayIt() {
        assertThat(AssessRollbackStep.ago(Duration.ofSeconds(40))).isEqualTo("il y a moins d'une minute");
        assertThat(AssessRollbackStep.ago(Duration.ofMinutes(5))).isEqualTo("il y a 5 min");
        assertThat(AssessRollbackStep.ago(Duration.ofMinutes(130))).isEqualTo("il y a 2 h 10 min");
    }

    @Test
    void withoutAFingerprintAfterTheInstallEverythingIsListedTogetherAndItSaysWhy() throws Exception {
        migrateToOnePointOne();
        Files.writeString(data.resolve("commandes-du-jour.csv"), "id;client\n1;C001\n");

        String cost = assess();

        assertThat(cost).contains("Aucune empreinte des données n'a été relevée juste après l'installation")
                .contains("""
                        Changé depuis l'archive (3 fichiers) — une restauration le perdrait :
                        Données métier (2) :
                        • clients.csv : 3 enregistrements modifiés (C001, C002, C003) ; colonne ajoutée : pays
                        • commandes-du-jour.csv : fichier créé : 1 enregistrement
                        Métadonnées de l'ERP (1) :
                        • schema-version : modifié (4 → 4 octets)""");
    }

    @Test
    void aRecordAfterTheInstallThatFailsNeverFailsTheInstall() throws Exception {
        PostInstallFingerprint recorder = new PostInstallFingerprint(dataArchives, stores, environments);

        recorder.installed(task("t2", with(DATA_ARCHIVE_ID, "no-such-archive")));
        recorder.installed(task("t2", Map.of()));

        assertThat(dataArchives.afterInstall(ARCHIVE)).isEmpty();
    }

    private void migrateToOnePointOne() throws IOException {
        Files.writeString(data.resolve("clients.csv"), "id;nom;ville;pays\nC001;Martin;Lyon;FR\n"
                + "C002;Alpes;Grenoble;FR\nC003;Port;Marseille;FR\n");
        Files.writeString(data.resolve("schema-version"), "1.1\n");
    }

    private String assess() {
        return ROLLBACK_COST.from(step.run(task("t3", with(DATA_ARCHIVE_ID, ARCHIVE))));
    }
}
