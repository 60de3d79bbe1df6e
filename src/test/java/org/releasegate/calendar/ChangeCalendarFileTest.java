package org.releasegate.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calendar file as people edit it by hand, as the REST API sends and rewrites it, and its refusals. */
class ChangeCalendarFileTest {

    private static final String EXAMPLE = """
            zone: Europe/Paris
            windows:                      # when production may be changed
              - { days: [SATURDAY], from: "20:00", to: "23:59" }
              - { date: "2026-12-24", from: "06:00", to: "08:00" }        # one-off
            freezes:
              - { name: "Clôture annuelle", from: "2026-12-20", to: "2027-01-05" }
              - { name: "Clôture mensuelle", lastDaysOfMonth: 3 }
              - { name: "Inventaire", yearly: { from: "06-28", to: "07-02" } }
            """;

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("config/change-calendar.yaml");
    }

    private void write(String text) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text);
    }

    @Test
    void exampleIsReadAsWrittenAndWrittenBackTheSame() {
        CalendarRules rules = ChangeCalendarFile.parse(EXAMPLE, "test");

        Map<String, Object> tree = ChangeCalendarFile.tree(rules);
        assertThat(tree).isEqualTo(Map.of(
                "zone", "Europe/Paris",
                "windows", List.of(Map.of("days", List.of("SATURDAY"), "from", "20:00", "to", "23:59"),
                        Map.of("date", "2026-12-24", "from", "06:00", "to", "08:00")),
                "freezes", List.of(Map.of("name", "Clôture annuelle", "from", "2026-12-20", "to", "2027-01-05"),
                        Map.of("name", "Clôture mensuelle", "lastDaysOfMonth", 3),
                        Map.of("name", "Inventaire", "yearly", Map.of("from", "06-28", "to", "07-02")))));
        assertThat(ChangeCalendarFile.tree(ChangeCalendarFile.parse(ChangeCalendarFile.write(rules), "test")))
                .isEqualTo(tree);
    }

    @Test
    void frenchDaysUnquotedTimesAndJsonAreAccepted() {
        CalendarRules yaml = ChangeCalendarFile.parse("zone: Europe/Paris\nwindows:\n  - days: [samedi, Dimanche]\n"
                + "    from: 20:00\n    to: 24:00\n", "test");
        assertThat(ChangeCalendarFile.tree(yaml).get("windows"))
                .isEqualTo(List.of(Map.of("days", List.of("SATURDAY", "SUNDAY"), "from", "20:00", "to", "24:00")));

        CalendarRules json = ChangeCalendarFile.parse("{\n\t\"zone\": \"Europe/Paris\",\n\t\"windows\": [\n\t\t{\"days\": "
                + "[\"SATURDAY\"], \"from\": \"20:00\", \"to\": \"23:59\"}\n\t],\n\t\"freezes\": []\n}", "test");
        assertThat(json.windows()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            zone: Europe/Pariss                                                  | ligne 1 : fuseau horaire « Europe/Pariss » inconnu
            windows: []                                                          | ligne 1 : « zone » manquant
            zone: Europe/Paris\\nwindow: []                                      | ligne 2 : champ inconnu « window » (attendus : zone, windows, freezes)
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], from: '20:00', to: '23:59', until: x } | ligne 3 : champ inconnu « until » (attendus : days, date, from, to)
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], from: '25:00', to: '23:59' } | ligne 3 : heure « 25:00 » invalide
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], from: '20h', to: '23:59' }   | ligne 3 : heure « 20h » invalide
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], from: '22:00', to: '20:00' } | ligne 3 : « to » (20:00) doit être après « from » (22:00)
            zone: Europe/Paris\\nwindows:\\n  - { days: [samedy], from: '20:00', to: '23:00' }   | ligne 3 : jour « samedy » inconnu
            zone: Europe/Paris\\nwindows:\\n  - { date: '2026-02-30', from: '20:00', to: '23:00' } | ligne 3 : date « 2026-02-30 » invalide
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], date: '2026-12-24', from: '20:00', to: '23:00' } | ligne 3 : une fenêtre a soit « days »
            zone: Europe/Paris\\nwindows:\\n  - { days: [SATURDAY], from: '20:00' }              | ligne 3 : « to » manquant
            zone: Europe/Paris\\nfreezes:\\n  - { name: Noël, from: '2027-01-05', to: '2026-12-20' } | ligne 3 : gel « Noël » : « to » (2026-12-20) est avant « from » (2027-01-05)
            zone: Europe/Paris\\nfreezes:\\n  - { name: Fin, lastDaysOfMonth: 40 }               | ligne 3 : gel « Fin » : « lastDaysOfMonth » doit être un nombre de jours entre 1 et 28
            zone: Europe/Paris\\nfreezes:\\n  - { name: Été, yearly: { from: '13-01', to: '07-02' } } | ligne 3 : jour de l'année « 13-01 » invalide
            zone: Europe/Paris\\nfreezes:\\n  - { name: Gel, lastDaysOfMonth: 3, yearly: { from: '01-01', to: '01-02' } } | ligne 3 : gel « Gel » : donnez soit
            zone: Europe/Paris\\nfreezes:\\n  - { from: '2026-12-20', to: '2026-12-21' }         | ligne 3 : « name » manquant
            zone: Europe/Paris\\nwindows:\\n  - &w { days: [SATURDAY], from: '20:00', to: '23:00' }\\n  - *w | ligne 3 : ancres et alias YAML (&nom, *nom) interdits
            zone: Europe/Paris\\nzone: UTC                                           | ligne 2
            """)
    void malformedCalendarIsRefusedWithItsLine(String text, String expected) {
        assertThatThrownBy(() -> ChangeCalendarFile.parse(text.replace("\\n", "\n"), "Calendrier des changements"))
                .isInstanceOf(CalendarRejectedException.class)
                .hasMessageStartingWith("Calendrier des changements, " + expected);
    }

    @Test
    void missingFileMeansNoCalendarOpenAtAnyTime() {
        ChangeCalendar calendar = new ChangeCalendar(file());
        Instant now = Instant.parse("2026-12-09T10:00:00Z");

        assertThat(calendar.exists()).isFalse();
        assertThat(calendar.content()).isEmpty();
        assertThat(calendar.nextWindow(now)).get().extracting(Window::start, Window::end).containsExactly(now, null);
        assertThat(calendar.isOpen(now)).isTrue();
    }

    @Test
    void editsApplyAtTheNextCallWithoutRestart() throws IOException {
        ChangeCalendar calendar = new ChangeCalendar(file());
        Instant wednesday = Instant.parse("2026-12-09T10:00:00Z");
        write("zone: Europe/Paris\nwindows:\n  - { days: [SATURDAY], from: \"20:00\", to: \"23:59\" }\n");
        assertThat(calendar.nextWindow(wednesday).orElseThrow().start()).isEqualTo(Instant.parse("2026-12-12T19:00:00Z"));
        assertThat(calendar.isOpen(wednesday)).isFalse();

        write("zone: Europe/Paris\nwindows:\n  - { days: [WEDNESDAY], from: \"06:00\", to: \"18:00\" }\n");
        assertThat(calendar.isOpen(wednesday)).isTrue();
        assertThat(calendar.describe(calendar.nextWindow(wednesday).orElseThrow()))
                .isEqualTo("mercredi 09/12/2026 de 11:00 à 18:00 (heure de Paris)");
    }

    @Test
    void replaceWritesTheWholeCalendarAtomically() throws IOException {
        ChangeCalendar calendar = new ChangeCalendar(file());

        ChangeCalendar.Replaced created = calendar.replace(EXAMPLE, "Calendrier envoyé");
        ChangeCalendar.Replaced replaced = calendar.replace("{\"zone\": \"UTC\"}", "Calendrier envoyé");

        assertThat(created.created()).isTrue();
        assertThat(replaced.created()).isFalse();
        assertThat(calendar.content()).contains(Map.of("zone", "UTC", "windows", List.of(), "freezes", List.of()));
        assertThat(Files.readString(file())).startsWith("# Calendrier des changements").contains("zone: \"UTC\"");
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file());
        }
    }

    @Test
    void aMalformedFileIsNeitherGuessedNorOverwritten() throws IOException {
        ChangeCalendar calendar = new ChangeCalendar(file());
        write("zone: Europe/Paris\nwindows:\n  - { days: [SATURDAY], from: \"20:00\" to: \"23:59\" }\n");

        assertThatThrownBy(() -> calendar.nextWindow(Instant.now())).isInstanceOf(CalendarRejectedException.class)
                .hasMessage("Calendrier des changements, ligne 3 : YAML mal formé à cet endroit (vérifiez l'indentation, "
                        + "les deux-points, les tirets, les guillemets, les crochets et les virgules).")
                .satisfies(refused -> assertThat(((CalendarRejectedException) refused).detail())
                        .as("the parser's English, for the server's log only").isPresent());
        assertThatThrownBy(() -> calendar.replace(EXAMPLE, "Calendrier envoyé"))
                .isInstanceOf(ChangeCalendar.CalendarFileMalformedException.class);
        assertThat(Files.readString(file())).contains("from: \"20:00\" to:");
        assertThatThrownBy(() -> calendar.replace("zone: Mars/Olympus", "Calendrier envoyé"))
                .isNotInstanceOf(ChangeCalendar.CalendarFileMalformedException.class)
                .hasMessage("Calendrier envoyé, ligne 1 : fuseau horaire « Mars/Olympus » inconnu (par exemple Europe/Paris).");
    }

    @Test
    void latin1FileIsRefused() throws IOException {
        Files.createDirectories(file().getParent());
        Files.write(file(), "zone: Europe/Paris\nfreezes:\n  - { name: \"Clôture\", lastDaysOfMonth: 3 }\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new ChangeCalendar(file()).content()).isInstanceOf(CalendarRejectedException.class)
                .hasMessage("Calendrier des changements : le fichier doit être en UTF-8 (enregistrez-le en UTF-8, pas en "
                        + "Latin-1 ou Windows-1252).");
    }

    @Test
    void demoCalendarIsValidAndImposesNothing() throws IOException {
        try (InputStream demo = getClass().getResourceAsStream("/demo/change-calendar.yaml")) {
            Files.createDirectories(file().getParent());
            Files.write(file(), demo.readAllBytes());
        }
        ChangeCalendar calendar = new ChangeCalendar(file());
        Instant now = Instant.parse("2026-12-31T23:30:00Z");

        assertThat(calendar.content()).contains(Map.of("zone", "Europe/Paris", "windows", List.of(), "freezes", List.of()));
        assertThat(calendar.isOpen(now)).isTrue();
        assertThat(calendar.nextWindow(now).orElseThrow().end()).isNull();
    }
}
