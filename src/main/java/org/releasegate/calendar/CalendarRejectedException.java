package org.releasegate.calendar;

import org.releasegate.RejectedInputException;

/** The change calendar, or a calendar sent to replace it, is invalid: the message gives the line and the reason, in French. */
public class CalendarRejectedException extends RejectedInputException {

    /** @param detail what only the server's log gets (a parser's English message), or null */
    public CalendarRejectedException(String message, String detail) {
        super(message, detail, null);
    }
}
