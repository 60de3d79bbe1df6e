package org.releasegate.data;

import java.util.List;
import java.util.stream.Collectors;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

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
        throw new DataChangedSinceStagedException(Messages.text("data.changed-since-staged", capitalized(what),
                listed + (changes.size() > LISTED ? Messages.text("data.change.others", changes.size() - LISTED) : "")));
    }

    private static String french(Fingerprint.Change change) {
        return switch (change.kind()) {
            case ADDED -> Messages.text("data.change.added", change.name());
            case REMOVED -> Messages.text("data.change.removed", change.name());
            case CHANGED -> Messages.text("data.change.changed", change.name());
        };
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
