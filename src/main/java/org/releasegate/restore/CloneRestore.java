package org.releasegate.restore;

import java.io.IOException;

import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.ServerClones;
import org.releasegate.data.StagedSwap;
import org.releasegate.message.Messages;

/**
 * The data a rollback puts back before the clone taken in the window is archived: that clone, on production's own
 * server, checked to still hold what it held in the window (its row checksums against the digest the release
 * recorded), then renamed into production's place — no data moves. A crashed attempt that renamed it already is
 * recognised: the clone is gone and production holds exactly what it held.
 */
final class CloneRestore {

    private final DataStore production;
    private final String clone;
    private final String cloneSha256;
    private final ServerClones clones;

    CloneRestore(DataStore production, String clone, String cloneSha256) {
        this.production = production;
        this.clone = clone;
        this.cloneSha256 = cloneSha256;
        this.clones = production.serverClones().orElseThrow(() -> new RejectedInputException(
                Messages.text("restore.clone.not-clonable", clone),
                "production data " + production.location() + " has no server clones", null));
    }

    /** Refuses, before anything is touched, a rollback that has no clone to put back (and did not put it back). */
    void requireAvailable() throws IOException {
        if (!clones.exists(clone) && !production.fingerprint().sha256().equals(cloneSha256)) {
            throw new RejectedInputException(Messages.text("restore.clone.gone", clone));
        }
    }

    /** The clone checked, waiting to be renamed into production's place; nothing to do if a crashed attempt did it. */
    StagedSwap stage() throws IOException {
        if (!clones.exists(clone)) {
            Fingerprint now = production.fingerprint();
            requireCloneContent(now, "production");
            return new Renamed(now, false);
        }
        Fingerprint cloned = clones.store(clone).fingerprint();
        requireCloneContent(cloned, "clone");
        return new Renamed(cloned, true);
    }

    private void requireCloneContent(Fingerprint content, String what) {
        if (!content.sha256().equals(cloneSha256)) {
            throw new RejectedInputException(Messages.text("restore.clone.written", clone),
                    "the " + what + " data has SHA-256 " + content.sha256() + ", the clone taken at the stop "
                            + cloneSha256, null);
        }
    }

    /** Publishing renames the clone into place; closing an unpublished one keeps the clone (it is the only copy). */
    private final class Renamed implements StagedSwap {

        private final Fingerprint content;
        private final boolean pending;

        Renamed(Fingerprint content, boolean pending) {
            this.content = content;
            this.pending = pending;
        }

        @Override
        public Fingerprint fingerprint() {
            return content;
        }

        @Override
        public void publish() throws IOException {
            if (pending) {
                clones.swapIn(clone);
            }
        }

        @Override
        public void close() {
        }
    }
}
