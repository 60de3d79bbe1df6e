package org.releasegate.calendar;

import static org.releasegate.process.ReleasePolicy.Vars.DOWNTIME_ESTIMATE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_END;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_PLANNED;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_START;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_TEXT;
import static org.releasegate.process.ReleasePolicy.Vars.WAIT_FOR_PRODUCTION_WINDOW;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.releasegate.message.Messages;
import org.releasegate.message.TimeZones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ${productionWindowPlanner}}, a {@code start} listener on the gateway before the production steps: works out
 * when production may be changed — not before the date planned in the start form ({@code productionWindowPlanned},
 * {@code productionWindow}), then the next window of the change calendar (that date itself without a calendar) — and
 * sets {@code productionWindowStart} (the timer's date), {@code productionWindowEnd}, {@code waitForProductionWindow}
 * and {@code productionWindowText}. A window too short for the downtime the last releases needed
 * ({@link DowntimeEstimate}) is passed over, and the text says so: production is never stopped in a window that
 * closes before it can be reopened. When the calendar opens no window within the year it throws, with the reason in
 * French: the step becomes an incident in Cockpit instead of a release that waits for ever.
 */
@Component("productionWindowPlanner")
public class ProductionWindowPlanner implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionWindowPlanner.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy HH:mm", Locale.FRENCH);

    /**
     * When production may be changed, as set on the release; {@code end} null when nothing closes the window,
     * {@code estimate} null before the first release that reopened production.
     */
    public record Plan(Instant start, Instant end, boolean waits, String text, String preview, String estimate) {
    }

    private final ChangeCalendar calendar;
    private final Clock clock;
    private final DowntimeEstimate downtime;

    public ProductionWindowPlanner(ChangeCalendar calendar, Clock clock, DowntimeEstimate downtime) {
        this.calendar = calendar;
        this.clock = clock;
        this.downtime = downtime;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Plan plan = plan(execution);
        PRODUCTION_WINDOW_START.set(execution, Date.from(plan.start()));
        PRODUCTION_WINDOW_END.set(execution, plan.end() == null ? null : Date.from(plan.end()));
        WAIT_FOR_PRODUCTION_WINDOW.set(execution, plan.waits());
        PRODUCTION_WINDOW_TEXT.set(execution, plan.text());
        DOWNTIME_ESTIMATE.set(execution, plan.estimate());
        LOG.info("Release {}: production from {} to {}{}", execution.getProcessInstanceId(), plan.start(),
                plan.end() == null ? "(no end)" : plan.end(), plan.waits() ? ", waiting for it" : "");
    }

    /**
     * The plan for a release whose variables are in {@code scope}.
     *
     * @throws NoProductionWindowException when the calendar opens no window within the year
     * @throws CalendarRejectedException when the calendar file is malformed
     * @throws IllegalArgumentException when the planned date is missing or unreadable (French message)
     */
    public Plan plan(VariableScope scope) {
        Instant now = Instant.now(clock);
        Optional<CalendarRules> rules = calendar.rules();
        ZoneId zone = rules.map(CalendarRules::zone).orElse(clock.getZone());
        Instant notBefore = now;
        if (PRODUCTION_WINDOW_PLANNED.find(scope).orElse(false)) {
            Instant planned = plannedDate(PRODUCTION_WINDOW.find(scope).orElse(null), zone);
            notBefore = planned.isAfter(now) ? planned : now;
        }
        Optional<Duration> estimate = downtime.longestRecent();
        Optional<Window> first = rules.isPresent() ? rules.get().nextWindow(notBefore)
                : Optional.of(new Window(notBefore, null, zone));
        Optional<Window> next = rules.isPresent() && estimate.isPresent()
                ? rules.get().nextWindowLasting(notBefore, estimate.get()) : first;
        String estimated = estimated(estimate).orElse(null);
        if (next.isEmpty() && first.isPresent()) {
            throw new NoProductionWindowException(Messages.text("calendar.plan.none-long-enough", estimated));
        }
        if (next.isEmpty()) {
            throw new NoProductionWindowException(Messages.text("calendar.plan.none", DAY.format(notBefore.atZone(zone)),
                    DAY.format(notBefore.atZone(zone).plusDays(CalendarRules.LOOK_AHEAD_DAYS)), TimeZones.name(zone)));
        }
        Window window = next.get();
        boolean waits = window.start().isAfter(now);
        String text;
        String preview;
        if (waits) {
            text = Messages.text("calendar.plan.next", window.description());
            preview = Messages.text("calendar.preview.next", window.description());
        } else if (rules.isEmpty()) {
            text = Messages.text("calendar.plan.open-no-calendar");
            preview = Messages.text("calendar.preview.open-no-calendar");
        } else {
            String until = window.endDescription().map(end -> Messages.text("calendar.plan.until", end))
                    .orElse(Messages.text("calendar.plan.no-end"));
            text = Messages.text("calendar.plan.open", until);
            preview = Messages.text("calendar.preview.open", until);
        }
        if (!window.equals(first.get())) {
            String passedOver = Messages.text("calendar.plan.passed-over", first.get().description(), estimated);
            text += passedOver;
            preview += passedOver;
        } else if (estimated != null) {
            text += Messages.text("calendar.plan.with-estimate", estimated);
            preview += Messages.text("calendar.plan.with-estimate", estimated);
        }
        return new Plan(window.start(), window.end(), waits, text, preview, estimated);
    }

    /**
     * What the change calendar allows from now, before any release is started (the start form shows it): up to
     * {@code count} windows long enough for the downtime the last releases needed, and the freeze in force now.
     *
     * @throws CalendarRejectedException when the calendar file is malformed
     */
    Outlook outlook(int count) {
        Instant now = Instant.now(clock);
        Optional<CalendarRules> rules = calendar.rules();
        Optional<Duration> estimate = downtime.longestRecent();
        if (rules.isEmpty()) {
            return new Outlook(false, Optional.empty(), Optional.empty(), List.of(), estimated(estimate));
        }
        Optional<CalendarRules.FreezeInForce> freeze = rules.get().freezeAt(now);
        List<Window> windows = rules.get().nextWindowsLasting(now, estimate.orElse(Duration.ZERO), count);
        // open from now with nothing closing it within the look-ahead: no window listed, no freeze ahead
        boolean constrained = windows.isEmpty() || windows.get(0).end() != null || !windows.get(0).start().equals(now);
        return new Outlook(constrained, freeze.map(CalendarRules.FreezeInForce::name),
                freeze.map(frozen -> Messages.text("calendar.window.end", DAY.format(frozen.end().atZone(frozen.zone())),
                        TimeZones.name(frozen.zone()))),
                windows, estimated(estimate));
    }

    /**
     * @param calendar  whether the calendar constrains production at all (without a calendar, or with one that lists
     *                  no window and no freeze ahead, production may be changed at any time)
     * @param freeze    the name of the freeze in force now
     * @param freezeEnd when it ends, in French: « lundi 01/02/2027 00:00 (heure de Paris) »
     * @param estimate  « interruption estimée : … », empty before the first release that reopened production
     */
    record Outlook(boolean calendar, Optional<String> freeze, Optional<String> freezeEnd, List<Window> windows,
                   Optional<String> estimate) {
    }

    private static Optional<String> estimated(Optional<Duration> estimate) {
        return estimate.map(length -> Messages.text("calendar.plan.estimate", DowntimeEstimate.text(length),
                DowntimeEstimate.RELEASES));
    }

    /**
     * The start form's date as it sends it: with an offset ({@code 2026-12-12T20:00+01:00}, {@code …Z}), or a local
     * date and time, or a date alone (its start), both in the calendar's time zone.
     */
    static Instant plannedDate(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(Messages.text("calendar.plan.no-date"));
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notWithOffset) {
            try {
                return ZonedDateTime.ofLocal(LocalDateTime.parse(value), zone, null).toInstant();
            } catch (DateTimeException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeException notADate) {
                    throw new IllegalArgumentException(Messages.text("calendar.plan.date-unreadable", value));
                }
            }
        }
    }
}
