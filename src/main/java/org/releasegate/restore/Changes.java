package org.releasegate.restore;

import org.releasegate.data.Fingerprint;
import org.releasegate.message.Messages;

/** A change between two fingerprints as people read it, in French (a fingerprint's own text is the log's English). */
final class Changes {

    private Changes() {
    }

    /** « clients : modifié (245 → 257) », « commandes : ajouté (12) », « anciens : supprimé (3) ». */
    static String describe(Fingerprint.Change change) {
        return switch (change.kind()) {
            case ADDED -> change.countNow() == null ? Messages.text("restore.change.added-plain", change.name())
                    : Messages.text("restore.change.added", change.name(), change.countNow());
            case REMOVED -> change.countThen() == null ? Messages.text("restore.change.removed-plain", change.name())
                    : Messages.text("restore.change.removed", change.name(), change.countThen());
            case CHANGED -> change.countThen() == null || change.countNow() == null
                    ? Messages.text("restore.change.changed-plain", change.name())
                    : Messages.text("restore.change.changed", change.name(), change.countThen(), change.countNow());
        };
    }
}
