package org.releasegate.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The change calendar through {@code /api/change-calendar} with the demo users. */
class ChangeCalendarApiTest extends IntegrationTest {

    private static final String API = "/api/change-calendar";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", Locale.FRENCH);

    @Autowired
    ChangeCalendar calendar;

    /** The other tests of the shared context find the demo's calendar, which imposes nothing. */
    @BeforeEach
    @AfterEach
    void demoCalendar() throws IOException {
        try (InputStream demo = getClass().getResourceAsStream("/demo/change-calendar.yaml")) {
            Files.write(calendar.file(), demo.readAllBytes());
        }
    }

    @Test
    void everyGroupReadsTheDemoCalendarAnonymousCallersGet401() {
        for (String user : List.of("marie", "theo", "karim", "olivia", "admin")) {
            Response answer = client.as(user).get(API);
            assertThat(answer.status()).as(user).isEqualTo(200);
            assertThat(answer.json(Map.class)).as(user)
                    .isEqualTo(Map.of("zone", "Europe/Paris", "windows", List.of(), "freezes", List.of()));
        }
        assertThat(client.get(API).status()).isEqualTo(401);
        assertThat(client.get(API + "/next-windows").status()).isEqualTo(401);
    }

    @Test
    void releaseManagerReplacesTheCalendarAndTheNextWindowsFollow() throws IOException {
        LocalDate first = LocalDate.now(PARIS).plusDays(10);
        LocalDate second = first.plusDays(10);
        String body = """
                {
                	"zone": "Europe/Paris",
                	"windows": [
                		{"date": "%s", "from": "06:00", "to": "08:00"},
                		{"date": "%s", "from": "20:00", "to": "24:00"},
                		{"date": "%s", "from": "06:00", "to": "08:00"}
                	],
                	"freezes": [{"name": "Inventaire", "from": "%s", "to": "%s"}]
                }""".formatted(first, second, second.plusDays(5), second.plusDays(5), second.plusDays(5));

        Response put = put("marie", body);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json(Map.class)).containsEntry("zone", "Europe/Paris");
        assertThat((List<?>) put.json(Map.class).get("windows")).hasSize(3);
        assertThat(client.as("theo").get(API).json(Map.class)).isEqualTo(put.json(Map.class));
        assertThat(Files.readString(calendar.file())).contains("Inventaire").contains("\"24:00\"");

        Response next = client.as("theo").get(API + "/next-windows?count=5");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json(Map.class)).containsEntry("calendar", true).containsEntry("zone", "Europe/Paris");
        List<Map<String, Object>> windows = (List<Map<String, Object>>) next.json(Map.class).get("windows");
        assertThat(windows).as("the third window is frozen").extracting(window -> window.get("description")).containsExactly(
                DAY.format(first) + " de 06:00 à 08:00 (heure de Paris)",
                DAY.format(second) + " de 20:00 à 24:00 (heure de Paris)");
        assertThat(windows.get(0).get("start")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(first.atTime(6, 0).atZone(PARIS)));
        assertThat(windows.get(1).get("end")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(second.plusDays(1).atStartOfDay(PARIS)));
        assertThat(client.as("theo").get(API + "/next-windows?count=1").json(Map.class)
                .get("windows")).asList().hasSize(1);
    }

    @Test
    void testerMayNotChangeTheCalendar() throws IOException {
        String before = Files.readString(calendar.file());

        Response put = put("theo", "{\"zone\": \"UTC\"}");

        assertThat(put.status()).isEqualTo(403);
        assertThat(MediaType.parseMediaType(put.header("Content-Type"))).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String refusal = "seuls les responsables de mise en production et les administrateurs modifient le calendrier "
                + "des changements";
        assertThat(put.json(Map.class)).containsEntry("status", 403).containsEntry("title", "Accès refusé")
                .containsEntry("detail", refusal).containsEntry("message", refusal);
        assertThat(Files.readString(calendar.file())).isEqualTo(before);
    }

    @Test
    void invalidCalendarIs400AndMalformedFileIs409() throws IOException {
        Response invalid = put("admin", """
                {"zone": "Europe/Paris",
                 "windows": [{"days": ["SATURDAY"], "from": "25:00", "to": "23:59"}]}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json(Map.class)).containsEntry("message", "Calendrier envoyé, ligne 2 : heure « 25:00 » "
                + "invalide (HH:MM, de 00:00 à 23:59).");
        assertThat(client.as("marie").get(API + "/next-windows?count=0")
                .status()).isEqualTo(400);

        Files.writeString(calendar.file(), "zone: Europe/Paris\nwindows:\n  - { days: [SATURDAY], from: 20:00 }\n");
        for (String path : List.of(API, API + "/next-windows")) {
            Response conflict = client.as("marie").get(path);
            assertThat(conflict.status()).as(path).isEqualTo(409);
            assertThat(conflict.json(Map.class)).as(path)
                    .containsEntry("message", "Calendrier des changements, ligne 3 : « to » manquant.");
        }
        Response overwrite = put("marie", "{\"zone\": \"UTC\"}");
        assertThat(overwrite.status()).isEqualTo(409);
        assertThat(Files.readString(calendar.file())).contains("from: 20:00 }");
    }

    @Test
    void withoutCalendarGetIs404AndProductionIsOpenNow() throws IOException {
        Files.delete(calendar.file());

        Response get = client.as("olivia").get(API);
        assertThat(get.status()).isEqualTo(404);
        assertThat((String) get.json(Map.class).get("message")).startsWith("Aucun calendrier des changements");
        Map<String, Object> next = client.as("olivia").get(API + "/next-windows").json(Map.class);
        assertThat(next).containsEntry("calendar", false);
        assertThat((List<Map<String, Object>>) next.get("windows")).singleElement()
                .satisfies(window -> assertThat(window.get("end")).isNull());

        Response created = put("marie", "zone: Europe/Paris\nfreezes:\n  - { name: Gel, lastDaysOfMonth: 2 }\n");
        assertThat(created.status()).isEqualTo(201);
        assertThat(calendar.content()).contains(Map.of("zone", "Europe/Paris", "windows", List.of(),
                "freezes", List.of(Map.of("name", "Gel", "lastDaysOfMonth", 2))));
    }

    private Response put(String user, String body) {
        return client.as(user).send("PUT", API, body.startsWith("{") ? "application/json" : "application/yaml", body);
    }
}
