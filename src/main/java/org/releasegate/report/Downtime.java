package org.releasegate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.releasegate.process.ReleasePolicy.Elements;

/**
 * How long production was down in a release: from the start of its last stop (before the install, or before a restore)
 * to the end of what gave it back to its users — the reopening after the operations confirmation, the start of the
 * restored version, or the restart after a refusal — and what took that time, step by step.
 *
 * @param end null while production is still stopped
 */
record Downtime(Instant start, Instant end, List<Part> parts) {

    private static final Set<String> STOPS = Set.of(Elements.STOP_PRODUCTION, Elements.STOP_PRODUCTION_FOR_RESTORE);
    private static final Set<String> ENDS = Set.of(Elements.REOPEN_PRODUCTION, Elements.RESTART_PRODUCTION,
            Elements.START_RESTORED_PRODUCTION, Elements.RESTART_AFTER_RESTORE_REJECTED);

    record Part(String step, Duration duration) {
    }

    /** From the steps of a release, in the order they started; empty when production was never stopped. */
    static Optional<Downtime> of(List<Entry> steps) {
        int stop = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (STOPS.contains(steps.get(i).field(Fields.ACTIVITY_ID))) {
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
            if (ENDS.contains(step.field(Fields.ACTIVITY_ID)) && step.find(Fields.ENDED_AT).isPresent()) {
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
