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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The change calendar through {@code /api/change-calendar} with the demo users. */
class ChangeCalendarApiTest extends IntegrationTest {

    private static final String API = "/api/change-calendar";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", Locale.FRENCH);

    @Autowired
    TestRestTemplate rest;
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
            ResponseEntity<Map> answer = rest.withBasicAuth(user, "demo").getForEntity(API, Map.class);
            assertThat(answer.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody()).as(user)
                    .isEqualTo(Map.of("zone", "Europe/Paris", "windows", List.of(), "freezes", List.of()));
        }
        assertThat(rest.getForEntity(API, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity(API + "/next-windows", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
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

        ResponseEntity<Map> put = put("marie", body);

        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(put.getBody()).containsEntry("zone", "Europe/Paris");
        assertThat((List<?>) put.getBody().get("windows")).hasSize(3);
        assertThat(rest.withBasicAuth("theo", "demo").getForEntity(API, Map.class).getBody()).isEqualTo(put.getBody());
        assertThat(Files.readString(calendar.file())).contains("Inventaire").contains("\"24:00\"");

        ResponseEntity<Map> next = rest.withBasicAuth("theo", "demo").getForEntity(API + "/next-windows?count=5", Map.class);
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(next.getBody()).containsEntry("calendar", true).containsEntry("zone", "Europe/Paris");
        List<Map<String, Object>> windows = (List<Map<String, Object>>) next.getBody().get("windows");
        assertThat(windows).as("the third window is frozen").extracting(window -> window.get("description")).containsExactly(
                DAY.format(first) + " de 06:00 à 08:00 (heure de Paris)",
                DAY.format(second) + " de 20:00 à 24:00 (heure de Paris)");
        assertThat(windows.get(0).get("start")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(first.atTime(6, 0).atZone(PARIS)));
        assertThat(windows.get(1).get("end")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(second.plusDays(1).atStartOfDay(PARIS)));
        assertThat(rest.withBasicAuth("theo", "demo").getForEntity(API + "/next-windows?count=1", Map.class).getBody()
                .get("windows")).asList().hasSize(1);
    }

    @Test
    void testerMayNotChangeTheCalendar() throws IOException {
        String before = Files.readString(calendar.file());

        ResponseEntity<Map> put = put("theo", "{\"zone\": \"UTC\"}");

        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(put.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String refusal = "seuls les responsables de mise en production et les administrateurs modifient le calendrier "
                + "des changements";
        assertThat(put.getBody()).containsEntry("status", 403).containsEntry("title", "Accès refusé")
                .containsEntry("detail", refusal).containsEntry("message", refusal);
        assertThat(Files.readString(calendar.file())).isEqualTo(before);
    }

    @Test
    void invalidCalendarIs400AndMalformedFileIs409() throws IOException {
        ResponseEntity<Map> invalid = put("admin", """
                {"zone": "Europe/Paris",
                 "windows": [{"days": ["SATURDAY"], "from": "25:00", "to": "23:59"}]}""");
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getBody()).containsEntry("message", "Calendrier envoyé : ligne 2 : heure « 25:00 » "
                + "invalide (HH:MM, de 00:00 à 23:59)");
        assertThat(rest.withBasicAuth("marie", "demo").getForEntity(API + "/next-windows?count=0", Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        Files.writeString(calendar.file(), "zone: Europe/Paris\nwindows:\n  - { days: [SATURDAY], from: 20:00 }\n");
        for (String path : List.of(API, API + "/next-windows")) {
            ResponseEntity<Map> conflict = rest.withBasicAuth("marie", "demo").getForEntity(path, Map.class);
            assertThat(conflict.getStatusCode()).as(path).isEqualTo(HttpStatus.CONFLICT);
            assertThat(conflict.getBody()).as(path)
                    .containsEntry("message", "Calendrier des changements : ligne 3 : « to » manquant");
        }
        ResponseEntity<Map> overwrite = put("marie", "{\"zone\": \"UTC\"}");
        assertThat(overwrite.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(Files.readString(calendar.file())).contains("from: 20:00 }");
    }

    @Test
    void withoutCalendarGetIs404AndProductionIsOpenNow() throws IOException {
        Files.delete(calendar.file());

        ResponseEntity<Map> get = rest.withBasicAuth("olivia", "demo").getForEntity(API, Map.class);
        assertThat(get.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat((String) get.getBody().get("message")).startsWith("Aucun calendrier des changements");
        Map<String, Object> next = rest.withBasicAuth("olivia", "demo").getForEntity(API + "/next-windows", Map.class).getBody();
        assertThat(next).containsEntry("calendar", false);
        assertThat((List<Map<String, Object>>) next.get("windows")).singleElement()
                .satisfies(window -> assertThat(window.get("end")).isNull());

        ResponseEntity<Map> created = put("marie", "zone: Europe/Paris\nfreezes:\n  - { name: Gel, lastDaysOfMonth: 2 }\n");
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(calendar.content()).contains(Map.of("zone", "Europe/Paris", "windows", List.of(),
                "freezes", List.of(Map.of("name", "Gel", "lastDaysOfMonth", 2))));
    }

    private ResponseEntity<Map> put(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(body.startsWith("{") ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("application/yaml"));
        return rest.withBasicAuth(user, "demo").exchange(API, HttpMethod.PUT, new HttpEntity<>(body, headers), Map.class);
    }
}
