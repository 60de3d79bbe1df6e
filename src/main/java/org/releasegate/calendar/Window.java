package org.releasegate.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import org.releasegate.message.Messages;
import org.releasegate.message.TimeZones;

/**
 * A stretch of time in which production may be changed: inside a window of the change calendar and outside every
 * freeze. {@code end} is null when nothing closes it within the calendar's look-ahead (no window listed and no
 * freeze ahead, or no calendar at all).
 *
 * @param zone the calendar's time zone, in which the window is described
 */
public record Window(Instant start, Instant end, ZoneId zone) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", Locale.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRENCH);

    public Window {
        if (end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("A window ends after it starts: " + start + " - " + end);
        }
    }

    public Optional<Instant> endIfAny() {
        return Optional.ofNullable(end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && (end == null || instant.isBefore(end));
    }

    /**
     * In French, as people read it: « samedi 12/12/2026 de 20:00 à 23:59 (heure de Paris) », « du samedi 12/12/2026
     * 20:00 au lundi 14/12/2026 06:00 (heure de Paris) », « à partir du samedi 12/12/2026 20:00 (heure de Paris) ».
     */
    public String description() {
        ZonedDateTime from = start.atZone(zone);
        if (end == null) {
            return Messages.text("calendar.window.from", DAY.format(from), TIME.format(from), TimeZones.name(zone));
        }
        ZonedDateTime to = end.atZone(zone);
        if (endsOnTheDayItStarts(from, to)) {
            return Messages.text("calendar.window.day", DAY.format(from), TIME.format(from),
                    endTime(from.toLocalDate(), to), TimeZones.name(zone));
        }
        return Messages.text("calendar.window.days", DAY.format(from), TIME.format(from), DAY.format(to),
                TIME.format(to), TimeZones.name(zone));
    }

    /** When it closes, in French: « samedi 12/12/2026 23:59 (heure de Paris) »; empty when nothing closes it. */
    public Optional<String> endDescription() {
        if (end == null) {
            return Optional.empty();
        }
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = end.atZone(zone);
        String when = endsOnTheDayItStarts(from, to)
                ? DAY.format(from) + " " + endTime(from.toLocalDate(), to)
                : DAY.format(to) + " " + TIME.format(to);
        return Optional.of(Messages.text("calendar.window.end", when, TimeZones.name(zone)));
    }

    /** Same day, or midnight at its end (written 24:00, as in the calendar file). */
    private static boolean endsOnTheDayItStarts(ZonedDateTime from, ZonedDateTime to) {
        LocalDate day = from.toLocalDate();
        return to.toLocalDate().equals(day) || to.toInstant().equals(day.plusDays(1).atStartOfDay(from.getZone()).toInstant());
    }

    private static String endTime(LocalDate day, ZonedDateTime to) {
        return to.toLocalDate().equals(day) ? TIME.format(to) : "24:00";
    }
}
