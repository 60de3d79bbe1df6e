package org.releasegate.operation;

import java.time.Clock;

import org.releasegate.data.DataStores;
import org.releasegate.worker.Step;
import org.springframework.mock.env.MockEnvironment;

/** Stop, start and reopen as the application wires them (no ERP commands configured), for benchmarks. */
public final class WindowOperationSteps {

    private WindowOperationSteps() {
    }

    public static Step stop(DataStores stores) {
        return new StopEnvironmentStep(control(stores));
    }

    public static Step start(DataStores stores) {
        return new StartEnvironmentStep(control(stores));
    }

    public static Step reopen(DataStores stores) {
        return new ReopenEnvironmentStep(control(stores));
    }

    private static EnvironmentControl control(DataStores stores) {
        return new EnvironmentControl(stores, new MockEnvironment(), Clock.systemUTC());
    }
}
