package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;

/** The outcome the list and the report show: the end event's name, "en cours", or why it was interrupted. */
class ReleaseOutcomeTest {

    private final Map<String, String> names = Map.of(Elements.END_ABANDONED, "Mise en production abandonnée (production intacte)");

    @Test
    void runningReleaseIsEnCours() {
        assertThat(ReleaseOutcome.of(release(HistoricProcessInstance.STATE_ACTIVE, null, null), names::get)).isEqualTo("en cours");
    }

    @Test
    void finishedReleaseIsNamedAfterItsEndEvent() {
        assertThat(ReleaseOutcome.of(release(HistoricProcessInstance.STATE_COMPLETED, Elements.END_ABANDONED, null), names::get))
                .isEqualTo("Mise en production abandonnée (production intacte)");
    }

    @Test
    void deletedReleaseSaysWhy() {
        assertThat(ReleaseOutcome.of(release(HistoricProcessInstance.STATE_EXTERNALLY_TERMINATED, null, "doublon"), names::get))
                .isEqualTo("Interrompue : doublon");
    }

    private static HistoricProcessInstance release(String state, String endActivityId, String deleteReason) {
        HistoricProcessInstance release = mock(HistoricProcessInstance.class);
        when(release.getState()).thenReturn(state);
        when(release.getEndActivityId()).thenReturn(endActivityId);
        when(release.getDeleteReason()).thenReturn(deleteReason);
        when(release.getEndTime()).thenReturn(HistoricProcessInstance.STATE_ACTIVE.equals(state) ? null : new Date());
        return release;
    }
}
