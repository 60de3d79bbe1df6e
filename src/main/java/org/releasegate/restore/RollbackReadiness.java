package org.releasegate.restore;

import java.io.IOException;
import java.util.Optional;

import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.message.Messages;
import org.springframework.stereotype.Component;

/**
 * Whether a release could be rolled back if production went wrong: a rollback reinstalls the program production runs
 * now, so it needs that version's installer in the archive store. Before the first release Release Gate manages there
 * is none, unless the company archived it as a baseline ({@code POST /api/baseline}). Production's data reached only
 * through its agent is no obstacle: its agent runs the restore (docs/agents.md). Asked before production is touched: at the final acceptance (which must then accept it explicitly) and by the gate
 * when production is stopped.
 */
@Component
public class RollbackReadiness {

    private final InstallMethods installMethods;
    private final ArchiveStore archives;

    public RollbackReadiness(InstallMethods installMethods, ArchiveStore archives) {
        this.installMethods = installMethods;
        this.archives = archives;
    }

    /** Why a rollback would be impossible, in French; empty when it is possible. */
    public Optional<String> impossibility() throws IOException {
        Optional<String> running = installMethods.installedVersion(Environments.PRODUCTION);
        if (running.isEmpty()) {
            return Optional.of(Messages.text("restore.readiness.nothing-installed"));
        }
        if (archives.latest(ArchiveKind.INSTALLER, running.get()).isEmpty()) {
            return Optional.of(Messages.text("restore.readiness.installer-not-archived", running.get()));
        }
        return Optional.empty();
    }
}
