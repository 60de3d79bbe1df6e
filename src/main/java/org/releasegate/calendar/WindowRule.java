package org.releasegate.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

/**
 * When production may be changed: every listed day of the week ({@code days}) or one date ({@code date}), from
 * {@code from} to {@code to} in the calendar's time zone. Times are minutes of the day; {@code to} may be 1440
 * (« 24:00 », the end of the day), and is always after {@code from}: a window over midnight is two windows, which
 * touch and make one.
 */
record WindowRule(List<DayOfWeek> days, LocalDate date, int from, int to) {

    static final int END_OF_DAY = 24 * 60;

    WindowRule {
        days = days == null ? null : List.copyOf(days);
        if ((days == null) == (date == null)) {
            throw new IllegalArgumentException("A window has days or a date");
        }
        if (from < 0 || to > END_OF_DAY || to <= from) {
            throw new IllegalArgumentException("A window runs from " + from + " to " + to);
        }
    }

    boolean appliesOn(LocalDate day) {
        return date != null ? date.equals(day) : days.contains(day.getDayOfWeek());
    }

    static String time(int minutes) {
        return "%02d:%02d".formatted(minutes / 60, minutes % 60);
    }
}
