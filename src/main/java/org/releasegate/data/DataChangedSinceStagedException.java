package org.releasegate.data;

import java.util.List;
import java.util.stream.Collectors;

import org.releasegate.RejectedInputException;

/**
 * An environment's data changed after a copy of it was staged to replace it (something still writes to it):
 * publishing the copy would silently drop those changes, so it is refused and the data is left as it is.
 */
public class DataChangedSinceStagedException extends RejectedInputException {

    private static final int LISTED = 10;

    public DataChangedSinceStagedException(String message) {
        super(message);
    }

    /**
     * Refuses when {@code now} differs from {@code staged}, naming the parts that changed (file or table names,
     * never a server path) in French.
     *
     * @param what the data, in French, as the sentence's subject (« les données de production »)
     */
    public static void requireUnchanged(Fingerprint staged, Fingerprint now, String what) {
        List<Fingerprint.Change> changes = now.changesSince(staged);
        if (changes.isEmpty() && now.sameContentAs(staged)) {
            return;
        }
        String listed = changes.stream().limit(LISTED).map(DataChangedSinceStagedException::french)
                .collect(Collectors.joining(", "));
        throw new DataChangedSinceStagedException(capitalized(what) + " ont changé depuis leur mise de côté ("
                + listed + (changes.size() > LISTED ? " et " + (changes.size() - LISTED) + " autre(s)" : "")
                + ") : elles n'ont pas été remplacées et restent telles quelles. Arrêtez ce qui les écrit encore, "
                + "puis relancez l'étape.");
    }

    private static String french(Fingerprint.Change change) {
        return "« " + change.name() + " » " + switch (change.kind()) {
            case ADDED -> "ajouté";
            case REMOVED -> "supprimé";
            case CHANGED -> "modifié";
        };
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
