package org.releasegate.process;

import java.nio.file.Path;
import java.time.Clock;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.releasegate.calendar.ChangeCalendar;
import org.releasegate.calendar.ProductionWindowPlanner;
import org.releasegate.calendar.ProductionWindowPreview;

/** The model's calendar beans for plain-engine tests: no change calendar, a release waits only for its planned date. */
public final class NoChangeCalendar {

    private NoChangeCalendar() {
    }

    public static void register() {
        ProductionWindowPlanner windows = new ProductionWindowPlanner(
                new ChangeCalendar(Path.of("target/no-change-calendar.yaml")), Clock.systemUTC());
        Mocks.register("productionWindowPlanner", windows);
        Mocks.register("productionWindowPreview", new ProductionWindowPreview(windows));
    }
}
