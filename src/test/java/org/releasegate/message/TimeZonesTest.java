package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Time zones as people read them: never « Etc/UTC » nor « Europe/Paris ». */
class TimeZonesTest {

    @Test
    void universalTimeIsUtcWhateverItsSpelling() {
        for (String id : new String[] {"Etc/UTC", "UTC", "Z", "GMT", "Etc/GMT", "Universal"}) {
            assertThat(TimeZones.name(ZoneId.of(id))).as(id).isEqualTo("UTC");
            assertThat(TimeZones.hours(ZoneId.of(id))).as(id).isEqualTo("heures UTC");
        }
    }

    @Test
    void aFixedOffsetIsWrittenAfterUtc() {
        assertThat(TimeZones.name(ZoneOffset.ofHours(2))).isEqualTo("UTC+02:00");
        assertThat(TimeZones.hours(ZoneId.of("Etc/GMT+5"))).isEqualTo("heures UTC-05:00");
    }

    @Test
    void aRegionsZoneIsTheHourOfItsCity() {
        assertThat(TimeZones.name(ZoneId.of("Europe/Paris"))).isEqualTo("heure de Paris");
        assertThat(TimeZones.hours(ZoneId.of("Europe/Paris"))).isEqualTo("heure de Paris");
        assertThat(TimeZones.name(ZoneId.of("America/New_York"))).isEqualTo("heure de New York");
        assertThat(TimeZones.name(ZoneId.of("Europe/Amsterdam"))).isEqualTo("heure d'Amsterdam");
    }
}
