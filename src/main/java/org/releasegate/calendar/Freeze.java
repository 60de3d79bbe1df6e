package org.releasegate.calendar;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** A period in which production is never changed, even inside a window. */
sealed interface Freeze permits Freeze.OneOff, Freeze.Monthly, Freeze.Yearly {

    String name();

    /** The frozen stretches, in the calendar's local time ({@code [start, end)}), that touch the days given. */
    List<LocalDateTime[]> between(LocalDate first, LocalDate last);

    /**
     * Once: from {@code from} to {@code to}, each a date (the whole day: both dates are frozen) or a date and time
     * (that minute; the freeze ends at {@code to}). The texts are kept as written, to write the file back.
     */
    record OneOff(String name, String from, String to, LocalDateTime start, LocalDateTime end) implements Freeze {
        public List<LocalDateTime[]> between(LocalDate first, LocalDate last) {
            return List.<LocalDateTime[]>of(new LocalDateTime[] {start, end});
        }
    }

    /** Every month, its last {@code lastDaysOfMonth} days (month-end closing). */
    record Monthly(String name, int lastDaysOfMonth) implements Freeze {
        public List<LocalDateTime[]> between(LocalDate first, LocalDate last) {
            List<LocalDateTime[]> frozen = new ArrayList<>();
            for (YearMonth month = YearMonth.from(first); !month.isAfter(YearMonth.from(last)); month = month.plusMonths(1)) {
                int firstFrozenDay = Math.max(1, month.lengthOfMonth() - lastDaysOfMonth + 1);
                frozen.add(new LocalDateTime[] {month.atDay(firstFrozenDay).atStartOfDay(),
                        month.plusMonths(1).atDay(1).atStartOfDay()});
            }
            return frozen;
        }
    }

    /**
     * Every year from one day to another, both frozen; {@code to} before {@code from} runs over the new year
     * (12-20 to 01-05).
     */
    record Yearly(String name, MonthDay from, MonthDay to) implements Freeze {
        public List<LocalDateTime[]> between(LocalDate first, LocalDate last) {
            List<LocalDateTime[]> frozen = new ArrayList<>();
            for (int year = first.getYear() - 1; year <= last.getYear(); year++) {
                LocalDate start = from.atYear(year);
                LocalDate end = to.atYear(to.isBefore(from) ? year + 1 : year);
                frozen.add(new LocalDateTime[] {start.atStartOfDay(), end.plusDays(1).atStartOfDay()});
            }
            return frozen;
        }
    }
}
