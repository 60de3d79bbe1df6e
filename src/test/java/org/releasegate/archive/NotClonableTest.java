package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.junit.jupiter.api.Test;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;

/**
 * Production's data no longer cloned in their server (the configuration changed since the stop): the decision says so
 * in French without naming where the data are on the server; the server's log does.
 */
class NotClonableTest {

    private static final String WHERE = "/srv/gestan/data";

    private final DataStore production = mock(DataStore.class);
    private final DataStores stores = mock(DataStores.class);

    NotClonableTest() {
        when(production.location()).thenReturn(WHERE);
        when(production.serverClones()).thenReturn(Optional.empty());
        when(stores.of(Environments.PRODUCTION)).thenReturn(production);
    }

    @Test
    void theCloneStepSaysWhyWithoutTheDatasPlace() {
        CloneProductionDataStep step = new CloneProductionDataStep(stores, mock(InstallMethods.class));

        assertThatThrownBy(() -> step.run(mock(ExternalTask.class)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Les données de production ne se clonent pas dans leur serveur (la configuration a changé "
                        + "depuis l'arrêt ?) : relancez pour qu'elles soient archivées. Rien n'a été cloné.")
                .satisfies(e -> assertThat(((RejectedInputException) e).detail()).hasValueSatisfying(
                        detail -> assertThat(detail).contains(WHERE)));
    }

    @Test
    void archivingTheCloneSaysWhyWithoutTheDatasPlace() {
        DataArchives archives = new DataArchives(mock(ArchiveStore.class), stores, mock(Environments.class));

        assertThatThrownBy(() -> archives.archiveClone("production-data-1.0-t1", Environments.PRODUCTION, "1.0",
                "rg_clone_1", "ab".repeat(32)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Les données de « production » ne se clonent pas dans leur serveur : le clone « rg_clone_1 » "
                        + "ne peut pas être archivé par cette configuration. Rien n'a été archivé.")
                .hasMessageNotContaining(WHERE);
    }
}
