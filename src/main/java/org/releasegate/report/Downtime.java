package org.releasegate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.releasegate.process.ReleasePolicy.Elements;

/**
 * How long production was down in a release: from the start of its last stop to the end of the start that followed
 * (the release's own start, or the restart after a refusal), and what took that time, step by step.
 *
 * @param end null while production is still stopped
 */
record Downtime(Instant start, Instant end, List<Part> parts) {

    private static final Set<String> STARTS = Set.of(Elements.START_PRODUCTION, Elements.RESTART_PRODUCTION);

    record Part(String step, Duration duration) {
    }

    /** From the steps of a release, in the order they started; empty when production was never stopped. */
    static Optional<Downtime> of(List<Entry> steps) {
        int stop = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (Elements.STOP_PRODUCTION.equals(steps.get(i).field(Fields.ACTIVITY_ID))) {
                stop = i;
            }
        }
        if (stop < 0) {
            return Optional.empty();
        }
        List<Part> parts = new ArrayList<>();
        Instant end = null;
        for (Entry step : steps.subList(stop, steps.size())) {
            step.find(Fields.DURATION_MS).ifPresent(ms ->
                    parts.add(new Part(step.field(Fields.NAME), Duration.ofMillis(Long.parseLong(ms)))));
            if (STARTS.contains(step.field(Fields.ACTIVITY_ID)) && step.find(Fields.ENDED_AT).isPresent()) {
                end = Instant.parse(step.field(Fields.ENDED_AT));
                break;
            }
        }
        return Optional.of(new Downtime(Instant.parse(steps.get(stop).field(Fields.STARTED_AT)), end, parts));
    }

    Optional<Duration> length() {
        return Optional.ofNullable(end).map(until -> Duration.between(start, until));
    }
}
