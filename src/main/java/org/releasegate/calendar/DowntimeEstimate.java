package org.releasegate.calendar;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How long production is expected to be down, from the last releases that went through: from the start of their
 * stop to the end of their reopening. The longest of the last {@value #RELEASES} is taken — a window is chosen so the
 * slow case fits, not the average one.
 */
@Component
public class DowntimeEstimate {

    static final int RELEASES = 5;

    private final Supplier<Optional<Duration>> longest;

    @Autowired
    DowntimeEstimate(ObjectProvider<HistoryService> history) {
        // looked up when asked: the engine's services are built after the beans its expressions name
        this(() -> longestOf(history.getObject()));
    }

    /** A fixed figure, for tests. */
    public DowntimeEstimate(Supplier<Optional<Duration>> longest) {
        this.longest = longest;
    }

    /** Read from this engine's history. */
    public static DowntimeEstimate of(HistoryService history) {
        return new DowntimeEstimate(() -> longestOf(history));
    }

    /** Empty before the first release that reopened production. */
    public Optional<Duration> longestRecent() {
        return longest.get();
    }

    private static Optional<Duration> longestOf(HistoryService history) {
        List<HistoricActivityInstance> reopenings = history.createHistoricActivityInstanceQuery()
                .activityId(Elements.REOPEN_PRODUCTION).finished().orderByHistoricActivityInstanceEndTime().desc()
                .listPage(0, RELEASES);
        return reopenings.stream().map(reopened -> downtime(history, reopened)).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /** From the last stop of that release that came before its reopening. */
    private static Optional<Duration> downtime(HistoryService history, HistoricActivityInstance reopened) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(reopened.getProcessInstanceId())
                .activityId(Elements.STOP_PRODUCTION).finished().list().stream()
                .filter(stop -> !stop.getStartTime().after(reopened.getStartTime()))
                .max(Comparator.comparing(HistoricActivityInstance::getStartTime))
                .map(stop -> Duration.between(stop.getStartTime().toInstant(), reopened.getEndTime().toInstant()));
    }

    /** « 1 h 05 min », « 12 min 30 s », « 45 s ». */
    static String text(Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        if (seconds >= 3600) {
            return seconds / 3600 + " h " + String.format("%02d", seconds % 3600 / 60) + " min";
        }
        if (seconds >= 60) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds + " s";
    }
}
