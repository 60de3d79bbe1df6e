package org.releasegate.calendar;

/**
 * The change calendar opens no window within the year: production cannot be planned. Thrown from the model's
 * listener, it makes the step an incident that Cockpit shows with this French message, to retry once the calendar
 * is corrected.
 */
public class NoProductionWindowException extends RuntimeException {

    public NoProductionWindowException(String message) {
        super(message);
    }
}
