package org.releasegate.workaround;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegate.process.ReleasePolicy.Elements;

/** A release that ends without its version in production closes the workarounds it decided, which never applied. */
class WorkaroundPluginTest {

    @ParameterizedTest
    @ValueSource(strings = {Elements.END_ABANDONED, Elements.END_PREVIOUS_VERSION_RESTORED,
            Elements.END_RESTORE_NOT_CONFORM})
    void aReleaseEndingWithoutItsVersionInProductionClosesTheWorkaroundsItDecided(String end) {
        WorkaroundRepository workarounds = mock(WorkaroundRepository.class);
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getProcessInstanceId()).thenReturn("r1");
        when(execution.getCurrentActivityId()).thenReturn(end);

        new WorkaroundPlugin(workarounds, Clock.systemUTC()).releaseEnded(execution);

        verify(workarounds).forgetFixVerifiedIn("r1");
        verify(workarounds).closeDecidedIn(eq("r1"), any(), anyString());
        verify(workarounds, never()).closeFixedIn(anyString(), any(), anyString());
    }
}
