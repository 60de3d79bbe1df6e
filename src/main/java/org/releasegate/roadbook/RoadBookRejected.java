package org.releasegate.roadbook;

import org.releasegate.RejectedInputException;
import org.releasegate.message.Messages;

/**
 * A parser's refusal of a road book: the line (0 when the whole file is at fault) and the reason, in French, read
 * from the bundle. {@link RoadBookReader} names the file in front of it (« Carnet de route road-book.md, ligne 12 : … »).
 */
final class RoadBookRejected extends RejectedInputException {

    private final int line;
    private final String reason;

    private RoadBookRejected(int line, String reason) {
        super(line > 0 ? Messages.text("roadbook.line", line, reason) : reason);
        this.line = line;
        this.reason = reason;
    }

    /** @param key a reason of the bundle ({@code roadbook.reason.…}) */
    static RoadBookRejected at(int line, String key, Object... arguments) {
        return new RoadBookRejected(line, Messages.text(key, arguments));
    }

    /** The whole file is at fault (empty, no version). */
    static RoadBookRejected whole(String key, Object... arguments) {
        return new RoadBookRejected(0, Messages.text(key, arguments));
    }

    /** The refusal with the file named in front: what the release manager reads. */
    String inFile(String fileName) {
        return line > 0 ? Messages.text("roadbook.file-line", fileName, line, reason)
                : Messages.text("roadbook.file", fileName, reason);
    }
}
