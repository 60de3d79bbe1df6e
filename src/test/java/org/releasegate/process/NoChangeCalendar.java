package org.releasegate.process;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.releasegate.calendar.ChangeCalendar;
import org.releasegate.calendar.DowntimeEstimate;
import org.releasegate.calendar.ProductionWindowPlanner;
import org.releasegate.calendar.ProductionWindowPreview;

/** The model's calendar beans for plain-engine tests: no change calendar, a release waits only for its planned date. */
public final class NoChangeCalendar {

    private NoChangeCalendar() {
    }

    public static void register() {
        ProductionWindowPlanner windows = new ProductionWindowPlanner(
                new ChangeCalendar(Path.of("target/no-change-calendar.yaml")), Clock.systemUTC(),
                new DowntimeEstimate(Optional::empty));
        Mocks.register("productionWindowPlanner", windows);
        Mocks.register("productionWindowPreview", new ProductionWindowPreview(windows));
    }

    /** As if the calendar's next window opened at {@code start}: the release waits for it (until {@link #register()}). */
    public static void nextWindowAt(Instant start) {
        nextWindow(start, null);
    }

    /** As if the calendar's next window were {@code start} to {@code end} (until {@link #register()}). */
    public static void nextWindow(Instant start, Instant end) {
        Mocks.register("productionWindowPlanner", (ExecutionListener) execution -> {
            ReleasePolicy.Vars.PRODUCTION_WINDOW_START.set(execution, Date.from(start));
            ReleasePolicy.Vars.PRODUCTION_WINDOW_END.set(execution, end == null ? null : Date.from(end));
            ReleasePolicy.Vars.WAIT_FOR_PRODUCTION_WINDOW.set(execution, true);
            ReleasePolicy.Vars.PRODUCTION_WINDOW_TEXT.set(execution, "Prochaine fenêtre : " + start);
        });
    }
}
