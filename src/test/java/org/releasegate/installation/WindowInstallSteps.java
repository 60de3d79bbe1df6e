package org.releasegate.installation;

import java.util.List;

import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.worker.Step;

/** The install step as the application wires it, for benchmarks outside this package. */
public final class WindowInstallSteps {

    private WindowInstallSteps() {
    }

    public static Step install(Environments environments, Inbox inbox, InstallMethods installMethods,
                               DataStores stores, List<ProductionInstallListener> productionListeners) {
        return new InstallVersionStep(environments, new InboxPackages(inbox), installMethods, stores, productionListeners);
    }
}
