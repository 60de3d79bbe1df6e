package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;

/** A restore from a clone when production's data no longer clone in their server: said without the data's place. */
class CloneRestoreTest {

    @Test
    void aProductionThatNoLongerClonesIsRefusedWithoutItsServerPath() {
        DataStore production = mock(DataStore.class);
        when(production.location()).thenReturn("/srv/gestan/data");
        when(production.serverClones()).thenReturn(Optional.empty());

        assertThatThrownBy(() -> new CloneRestore(production, "rg_clone_1", "ab".repeat(32)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Les données d'avant la mise en production sont dans le clone « rg_clone_1 », mais les "
                        + "données de production ne se clonent plus dans leur serveur (configuration changée) : remettez "
                        + "la configuration d'origine. Rien n'a été modifié.")
                .satisfies(e -> assertThat(((RejectedInputException) e).detail()).hasValueSatisfying(
                        detail -> assertThat(detail).contains("/srv/gestan/data")));
    }
}
