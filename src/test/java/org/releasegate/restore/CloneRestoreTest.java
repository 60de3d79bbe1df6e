package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.ServerClones;
import org.releasegate.data.StagedData;
import org.releasegate.data.StagedSwap;

/** A restore from a clone: checked, then renamed into place; refused, without the data's place, when it cannot be. */
class CloneRestoreTest {

    /** A clone put back is only swapped in: nothing runs on it, so it offers no script environment nor connection. */
    @Test
    void theCloneStagedIsASwapOnlyRenamedIntoPlaceWhenPublished() throws Exception {
        DataStore production = mock(DataStore.class);
        ServerClones clones = mock(ServerClones.class);
        DataStore clone = mock(DataStore.class);
        Fingerprint cloned = Fingerprint.ofFiles(List.of());
        when(production.serverClones()).thenReturn(Optional.of(clones));
        when(clones.exists("rg_clone_1")).thenReturn(true);
        when(clones.store("rg_clone_1")).thenReturn(clone);
        when(clone.fingerprint()).thenReturn(cloned);

        try (StagedSwap staged = new CloneRestore(production, "rg_clone_1", cloned.sha256()).stage()) {
            assertThat(staged).isNotInstanceOf(StagedData.class);
            assertThat(staged.fingerprint()).isEqualTo(cloned);
            staged.publish();
        }
        verify(clones).swapIn("rg_clone_1");
    }

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
