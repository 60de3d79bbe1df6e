package org.releasegate.calendar;

import org.releasegate.RejectedInputException;

/** The change calendar, or a calendar sent to replace it, is invalid: the message gives the line and the reason, in French. */
public class CalendarRejectedException extends RejectedInputException {

    public CalendarRejectedException(String message) {
        super(message);
    }
}
