package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void aDurationIsWrittenAsPeopleWriteItNeverAsIso() {
        assertThat(Durations.words(Duration.ofMillis(500))).isEqualTo("500 ms");
        assertThat(Durations.words(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(Durations.words(Duration.ofSeconds(750))).isEqualTo("12 min 30 s");
        assertThat(Durations.words(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(Durations.words(Duration.ofMinutes(65))).isEqualTo("1 h 05 min");
        assertThat(Durations.words(Duration.ofHours(2))).isEqualTo("2 h");
    }
}
