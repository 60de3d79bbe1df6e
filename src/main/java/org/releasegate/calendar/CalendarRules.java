package org.releasegate.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The change calendar as the file gives it, and what follows from it: production may be changed inside a window
 * (any time when none is listed) and never during a freeze. Windows and freezes are laid out in the calendar's
 * time zone day by day, then turned into instants, so a change of daylight-saving time moves a "20:00" window with
 * the clocks; a local time that does not exist that day (skipped by the clocks) is taken as the one after the gap.
 */
record CalendarRules(ZoneId zone, List<WindowRule> windows, List<Freeze> freezes) {

    /** How far ahead a window is looked for: a year, and some margin for a calendar written late in it. */
    static final int LOOK_AHEAD_DAYS = 400;

    CalendarRules {
        windows = List.copyOf(windows);
        freezes = List.copyOf(freezes);
    }

    /**
     * The first moment at or after {@code notBefore} at which production may be changed, and until when; empty when
     * there is none within {@value #LOOK_AHEAD_DAYS} days. A window that starts in a freeze starts when the freeze
     * ends; one that runs into a freeze ends when it starts; windows that touch make one.
     */
    Optional<Window> nextWindow(Instant notBefore) {
        List<Window> next = nextWindows(notBefore, 1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    }

    /** The first window from {@code notBefore} that stays open at least {@code length}; empty when none does. */
    Optional<Window> nextWindowLasting(Instant notBefore, Duration length) {
        List<Window> next = nextWindowsLasting(notBefore, length, 1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    }

    /** Up to {@code count} windows from {@code notBefore} that each stay open at least {@code length}, in order. */
    List<Window> nextWindowsLasting(Instant notBefore, Duration length, int count) {
        return nextWindows(notBefore, Integer.MAX_VALUE).stream()
                .filter(window -> window.end() == null || !window.start().plus(length).isAfter(window.end()))
                .limit(count).toList();
    }

    /**
     * The freeze in force at {@code instant}, if any: the name of the first freeze of the file that holds it, and
     * when the frozen stretch ends (freezes that overlap or touch make one stretch).
     */
    Optional<FreezeInForce> freezeAt(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate last = day.plusDays(LOOK_AHEAD_DAYS);
        Optional<String> name = freezes.stream().filter(freeze -> freeze.between(day, last).stream()
                .anyMatch(stretch -> holds(instant(stretch[0]), instant(stretch[1]), instant)))
                .map(Freeze::name).findFirst();
        return name.flatMap(frozen -> frozen(day, last).stream().filter(stretch -> holds(stretch[0], stretch[1], instant))
                .findFirst().map(stretch -> new FreezeInForce(frozen, stretch[1], zone)));
    }

    /** A freeze in force: its name and the end of the frozen stretch, in the calendar's time zone. */
    record FreezeInForce(String name, Instant end, ZoneId zone) {
    }

    private static boolean holds(Instant start, Instant end, Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** Up to {@code count} windows, in order, from {@code notBefore}; fewer when the look-ahead holds fewer. */
    List<Window> nextWindows(Instant notBefore, int count) {
        LocalDate first = notBefore.atZone(zone).toLocalDate();
        LocalDate last = first.plusDays(LOOK_AHEAD_DAYS);
        // a window starts within the look-ahead; it is laid out two days further, to see where the last one ends
        Instant horizon = instant(last.plusDays(1).atStartOfDay());
        LocalDate laidOutUntil = last.plusDays(2);
        Instant laidOutEnd = instant(laidOutUntil.plusDays(1).atStartOfDay());
        List<Instant[]> free = subtract(open(first, laidOutUntil), frozen(first, laidOutUntil));
        List<Window> result = new ArrayList<>();
        for (Instant[] stretch : free) {
            Instant start = stretch[0].isBefore(notBefore) ? notBefore : stretch[0];
            if (!stretch[1].isAfter(start)) {
                continue;
            }
            if (!start.isBefore(horizon) || result.size() == count) {
                break;
            }
            result.add(new Window(start, stretch[1].isBefore(laidOutEnd) ? stretch[1] : null, zone));
        }
        return result;
    }

    boolean isOpen(Instant instant) {
        return nextWindow(instant).filter(window -> window.start().equals(instant)).isPresent();
    }

    /** The windows' stretches, sorted and merged. */
    private List<Instant[]> open(LocalDate first, LocalDate last) {
        List<Instant[]> open = new ArrayList<>();
        if (windows.isEmpty()) {
            open.add(new Instant[] {instant(first.atStartOfDay()), instant(last.plusDays(1).atStartOfDay())});
            return open;
        }
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (WindowRule window : windows) {
                if (window.appliesOn(day)) {
                    open.add(new Instant[] {instant(day.atStartOfDay().plusMinutes(window.from())),
                            instant(day.atStartOfDay().plusMinutes(window.to()))});
                }
            }
        }
        return merge(open);
    }

    private List<Instant[]> frozen(LocalDate first, LocalDate last) {
        List<Instant[]> frozen = new ArrayList<>();
        for (Freeze freeze : freezes) {
            for (LocalDateTime[] stretch : freeze.between(first, last)) {
                frozen.add(new Instant[] {instant(stretch[0]), instant(stretch[1])});
            }
        }
        return merge(frozen);
    }

    private Instant instant(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** Sorted, without empty stretches, overlapping or touching stretches made one. */
    private static List<Instant[]> merge(List<Instant[]> stretches) {
        List<Instant[]> sorted = new ArrayList<>(stretches.stream().filter(s -> s[1].isAfter(s[0])).toList());
        sorted.sort(Comparator.comparing(s -> s[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] stretch : sorted) {
            Instant[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && !stretch[0].isAfter(previous[1])) {
                if (stretch[1].isAfter(previous[1])) {
                    previous[1] = stretch[1];
                }
            } else {
                merged.add(new Instant[] {stretch[0], stretch[1]});
            }
        }
        return merged;
    }

    /** {@code open} minus {@code frozen}, both sorted and merged. */
    private static List<Instant[]> subtract(List<Instant[]> open, List<Instant[]> frozen) {
        List<Instant[]> free = new ArrayList<>();
        for (Instant[] stretch : open) {
            Instant start = stretch[0];
            for (Instant[] freeze : frozen) {
                if (!freeze[1].isAfter(start) || !freeze[0].isBefore(stretch[1])) {
                    continue;
                }
                if (freeze[0].isAfter(start)) {
                    free.add(new Instant[] {start, freeze[0]});
                }
                start = freeze[1];
            }
            if (stretch[1].isAfter(start)) {
                free.add(new Instant[] {start, stretch[1]});
            }
        }
        return free;
    }
}
