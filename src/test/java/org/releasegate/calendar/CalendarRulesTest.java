package org.releasegate.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the calendar allows: windows, freezes that trim or remove them, time zones and daylight-saving time. */
class CalendarRulesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String SATURDAY_EVENING = "  - { days: [SATURDAY], from: \"20:00\", to: \"23:59\" }\n";

    private static CalendarRules calendar(String windows, String freezes) {
        return ChangeCalendarFile.parse("zone: Europe/Paris\nwindows:\n" + windows + "freezes:\n" + freezes, "test");
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void weeklyWindowIsTheNextSaturdayEvening() {
        CalendarRules rules = calendar(SATURDAY_EVENING, "");

        Window next = rules.nextWindow(at("2026-12-09T10:00:00Z")).orElseThrow();

        assertThat(next.start()).isEqualTo(at("2026-12-12T19:00:00Z"));
        assertThat(next.end()).isEqualTo(at("2026-12-12T22:59:00Z"));
        assertThat(next.zone()).isEqualTo(PARIS);
        assertThat(next.description()).isEqualTo("samedi 12/12/2026 de 20:00 à 23:59 (heure de Paris)");
        assertThat(rules.nextWindows(at("2026-12-09T10:00:00Z"), 3)).extracting(Window::start)
                .containsExactly(at("2026-12-12T19:00:00Z"), at("2026-12-19T19:00:00Z"), at("2026-12-26T19:00:00Z"));
    }

    @Test
    void aWindowNamesItsZoneAsPeopleDoNeverEtcUtc() {
        Window utc = new Window(at("2026-12-12T20:00:00Z"), at("2026-12-12T23:00:00Z"), ZoneId.of("Etc/UTC"));
        Window open = new Window(at("2026-12-12T20:00:00Z"), null, ZoneId.of("Etc/UTC"));

        assertThat(utc.description()).isEqualTo("samedi 12/12/2026 de 20:00 à 23:00 (UTC)");
        assertThat(utc.endDescription()).contains("samedi 12/12/2026 23:00 (UTC)");
        assertThat(open.description()).isEqualTo("à partir du samedi 12/12/2026 20:00 (UTC)");
    }

    @Test
    void insideAWindowItIsOpenUntilItsEnd() {
        CalendarRules rules = calendar(SATURDAY_EVENING, "");

        Window now = rules.nextWindow(at("2026-12-12T20:30:00Z")).orElseThrow();

        assertThat(now.start()).isEqualTo(at("2026-12-12T20:30:00Z"));
        assertThat(now.end()).isEqualTo(at("2026-12-12T22:59:00Z"));
        assertThat(now.endDescription()).contains("samedi 12/12/2026 23:59 (heure de Paris)");
        assertThat(rules.isOpen(at("2026-12-12T19:00:00Z"))).isTrue();
        assertThat(rules.isOpen(at("2026-12-12T18:59:00Z"))).isFalse();
        assertThat(rules.isOpen(at("2026-12-12T22:59:00Z"))).as("the end is not in the window").isFalse();
    }

    @Test
    void oneOffWindowOpensOnceThenNoWindowInTheYear() {
        CalendarRules rules = calendar("  - { date: \"2026-12-24\", from: \"06:00\", to: \"08:00\" }\n", "");

        Window next = rules.nextWindow(at("2026-12-01T00:00:00Z")).orElseThrow();

        assertThat(next.start()).isEqualTo(at("2026-12-24T05:00:00Z"));
        assertThat(next.end()).isEqualTo(at("2026-12-24T07:00:00Z"));
        assertThat(next.description()).isEqualTo("jeudi 24/12/2026 de 06:00 à 08:00 (heure de Paris)");
        assertThat(rules.nextWindows(at("2026-12-01T00:00:00Z"), 5)).hasSize(1);
        assertThat(rules.nextWindow(at("2026-12-24T07:00:00Z"))).isEmpty();
    }

    @Test
    void windowPartlyInAFreezeIsTrimmedToItsFreePart() {
        CalendarRules rules = calendar(SATURDAY_EVENING, """
                  - { name: "Batch de paie", from: "2026-12-12T22:00", to: "2026-12-13" }
                  - { name: "Sauvegarde", from: "2026-12-19T18:00", to: "2026-12-19T21:00" }
                """);

        List<Window> next = rules.nextWindows(at("2026-12-10T00:00:00Z"), 3);

        assertThat(next).extracting(Window::description).containsExactly(
                "samedi 12/12/2026 de 20:00 à 22:00 (heure de Paris)",
                "samedi 19/12/2026 de 21:00 à 23:59 (heure de Paris)",
                "samedi 26/12/2026 de 20:00 à 23:59 (heure de Paris)");
        assertThat(rules.isOpen(at("2026-12-12T21:30:00Z"))).as("22:30 in Paris, frozen").isFalse();
    }

    @Test
    void monthEndFreezeSkipsTheLastDaysOfEveryMonth() {
        CalendarRules rules = calendar(SATURDAY_EVENING, "  - { name: \"Clôture mensuelle\", lastDaysOfMonth: 3 }\n");

        // Saturday 28 November is one of November's last three days (28, 29, 30)
        assertThat(rules.nextWindow(at("2026-11-25T00:00:00Z")).orElseThrow().description())
                .isEqualTo("samedi 05/12/2026 de 20:00 à 23:59 (heure de Paris)");
        // February 2027 has 28 days: Saturday 27 is frozen, Saturday 20 is not
        assertThat(rules.nextWindows(at("2027-02-15T00:00:00Z"), 2)).extracting(Window::description).containsExactly(
                "samedi 20/02/2027 de 20:00 à 23:59 (heure de Paris)", "samedi 06/03/2027 de 20:00 à 23:59 (heure de Paris)");
    }

    @Test
    void yearlyFreezeRunsOverTheNewYear() {
        CalendarRules rules = calendar(SATURDAY_EVENING,
                "  - { name: \"Clôture annuelle\", yearly: { from: \"12-20\", to: \"01-05\" } }\n");

        assertThat(rules.nextWindows(at("2026-12-15T00:00:00Z"), 2)).extracting(Window::description).containsExactly(
                "samedi 19/12/2026 de 20:00 à 23:59 (heure de Paris)", "samedi 09/01/2027 de 20:00 à 23:59 (heure de Paris)");
        // from inside the freeze begun the year before
        assertThat(rules.nextWindow(at("2027-01-01T12:00:00Z")).orElseThrow().start()).isEqualTo(at("2027-01-09T19:00:00Z"));
    }

    @Test
    void windowsFollowTheCalendarsZoneAndDaylightSavingTime() {
        CalendarRules paris = calendar(SATURDAY_EVENING, "");
        // Paris goes from UTC+1 to UTC+2 on Sunday 29 March 2026: 20:00 is 19:00Z before, 18:00Z after
        assertThat(paris.nextWindows(at("2026-03-27T00:00:00Z"), 2)).extracting(Window::start)
                .containsExactly(at("2026-03-28T19:00:00Z"), at("2026-04-04T18:00:00Z"));
        // and back on Sunday 25 October 2026
        assertThat(paris.nextWindows(at("2026-10-23T00:00:00Z"), 2)).extracting(Window::start)
                .containsExactly(at("2026-10-24T18:00:00Z"), at("2026-10-31T19:00:00Z"));

        // the night the clocks skip 02:00-03:00, a 01:00-04:00 window lasts two hours
        CalendarRules springNight = calendar("  - { date: \"2026-03-29\", from: \"01:00\", to: \"04:00\" }\n", "");
        Window night = springNight.nextWindow(at("2026-03-28T00:00:00Z")).orElseThrow();
        assertThat(night.start()).isEqualTo(at("2026-03-29T00:00:00Z"));
        assertThat(night.end()).isEqualTo(at("2026-03-29T02:00:00Z"));

        CalendarRules newYork = ChangeCalendarFile.parse(
                "zone: America/New_York\nwindows:\n" + SATURDAY_EVENING, "test");
        Window there = newYork.nextWindow(at("2026-12-09T10:00:00Z")).orElseThrow();
        assertThat(there.start()).isEqualTo(at("2026-12-13T01:00:00Z"));
        assertThat(there.description()).isEqualTo("samedi 12/12/2026 de 20:00 à 23:59 (heure de New York)");
    }

    @Test
    void noWindowInTheYearWhenFreezesCoverEveryWindow() {
        CalendarRules rules = calendar(SATURDAY_EVENING, """
                  - { name: "Gel total", yearly: { from: "01-01", to: "12-31" } }
                """);

        assertThat(rules.nextWindow(at("2026-12-09T10:00:00Z"))).isEmpty();
        assertThat(rules.nextWindows(at("2026-12-09T10:00:00Z"), 5)).isEmpty();
        assertThat(rules.isOpen(at("2026-12-12T20:00:00Z"))).isFalse();
    }

    @Test
    void withoutWindowsAnyTimeOutsideFreezes() {
        CalendarRules rules = ChangeCalendarFile.parse("""
                zone: Europe/Paris
                freezes:
                  - { name: "Clôture annuelle", from: "2026-12-20", to: "2027-01-05" }
                """, "test");

        List<Window> next = rules.nextWindows(at("2026-12-18T12:00:00Z"), 3);

        assertThat(next).hasSize(2);
        assertThat(next.get(0).start()).isEqualTo(at("2026-12-18T12:00:00Z"));
        assertThat(next.get(0).end()).isEqualTo(at("2026-12-19T23:00:00Z"));
        assertThat(next.get(0).description())
                .isEqualTo("du vendredi 18/12/2026 13:00 au dimanche 20/12/2026 00:00 (heure de Paris)");
        assertThat(next.get(1).start()).as("5 January is frozen too").isEqualTo(at("2027-01-05T23:00:00Z"));
        assertThat(next.get(1).end()).as("nothing closes it within the year").isNull();
        assertThat(next.get(1).description()).isEqualTo("à partir du mercredi 06/01/2027 00:00 (heure de Paris)");
    }

    @Test
    void windowsThatTouchOverMidnightMakeOne() {
        CalendarRules rules = calendar("""
                  - { days: [samedi], from: "22:00", to: "24:00" }
                  - { days: [dimanche], from: "00:00", to: "02:00" }
                """, "");

        Window next = rules.nextWindow(at("2026-12-09T10:00:00Z")).orElseThrow();

        assertThat(next.start()).isEqualTo(at("2026-12-12T21:00:00Z"));
        assertThat(next.end()).isEqualTo(at("2026-12-13T01:00:00Z"));
        assertThat(next.description()).isEqualTo("du samedi 12/12/2026 22:00 au dimanche 13/12/2026 02:00 (heure de Paris)");
        assertThat(calendar("  - { days: [SATURDAY], from: \"20:00\", to: \"24:00\" }\n", "")
                .nextWindow(at("2026-12-09T10:00:00Z")).orElseThrow().description())
                .isEqualTo("samedi 12/12/2026 de 20:00 à 24:00 (heure de Paris)");
    }
}
