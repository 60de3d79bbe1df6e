package org.releasegate.restore;

import java.io.IOException;
import java.util.Optional;

import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.springframework.stereotype.Component;

/**
 * Whether a release could be rolled back if production went wrong: a rollback reinstalls the program production runs
 * now, so it needs that version's installer in the archive store. Before the first release Release Gate manages there
 * is none, unless the company archived it as a baseline ({@code POST /api/baseline}). Asked before production is
 * touched: at the final acceptance (which must then accept it explicitly) and by the gate when production is stopped.
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
            return Optional.of("Retour arrière impossible : aucune version n'est installée en production à la "
                    + "connaissance de Release Gate, il n'y aurait pas de programme à réinstaller.");
        }
        if (archives.latest(ArchiveKind.INSTALLER, running.get()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Retour arrière impossible : le programme d'installation de la version " + running.get()
                + ", celle qui tourne en production, n'est pas archivé (c'est la première mise en production gérée "
                + "par Release Gate). Archivez-le d'abord comme référence (POST /api/baseline), ou acceptez "
                + "explicitement une mise en production sans retour arrière.");
    }
}
