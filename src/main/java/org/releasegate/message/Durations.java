package org.releasegate.message;

import java.time.Duration;

/** A duration as a French reader writes it, never Java's « PT5M »: « 1 h 05 min », « 12 min 30 s », « 45 s »,
 * « 500 ms ». */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration duration) {
        if (!duration.isNegative() && duration.toSeconds() == 0 && !duration.isZero()) {
            return duration.toMillis() + " ms";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 3600) {
            long minutes = seconds % 3600 / 60;
            return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + String.format("%02d", minutes) + " min");
        }
        if (seconds >= 60) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds + " s";
    }
}
