package org.releasegate.calendar;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.releasegate.security.ApiCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change calendar over REST, behind HTTP basic authentication (engine users): any member of our groups reads it
 * and its next windows, release managers and administrators replace it. Errors are {@code {"message": "…"}}: 400
 * for a calendar that breaks the rules (with its line), 409 when the file on disk is malformed (fix it first: it
 * is never overwritten).
 */
@RestController
@RequestMapping("/api/change-calendar")
class ChangeCalendarController {

    static final int MAX_COUNT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCalendarController.class);
    private static final String SENT = "Calendrier envoyé";

    private final ChangeCalendar calendar;
    private final ApiCaller caller;
    private final Clock clock;

    ChangeCalendarController(ChangeCalendar calendar, ApiCaller caller, Clock clock) {
        this.calendar = calendar;
        this.caller = caller;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<?> get() {
        return asReader(() -> fileRead(() -> calendar.content().<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> message(HttpStatus.NOT_FOUND, "Aucun calendrier des changements : la production peut "
                        + "être modifiée à tout moment. Créez-le par PUT /api/change-calendar."))));
    }

    /** Replaces the whole calendar with the body: JSON (or YAML) in the file's format. */
    @PutMapping
    ResponseEntity<?> put(@RequestBody(required = false) String body) {
        Optional<String> writer = caller.writer();
        if (writer.isEmpty()) {
            return message(HttpStatus.FORBIDDEN, "seuls les responsables de mise en production et les administrateurs "
                    + "modifient le calendrier des changements");
        }
        if (body == null || body.isBlank()) {
            return message(HttpStatus.BAD_REQUEST, "corps attendu : {\"zone\": \"Europe/Paris\", \"windows\": […], "
                    + "\"freezes\": […]}");
        }
        try {
            ChangeCalendar.Replaced replaced = calendar.replace(body, SENT);
            LOG.info("{} {} the change calendar {}", writer.get(), replaced.created() ? "created" : "replaced", calendar.file());
            return ResponseEntity.status(replaced.created() ? HttpStatus.CREATED : HttpStatus.OK).body(replaced.calendar());
        } catch (ChangeCalendar.CalendarFileMalformedException e) {
            return message(HttpStatus.CONFLICT, e.getMessage() + " — corrigez ou supprimez le fichier avant de le remplacer");
        } catch (CalendarRejectedException e) {
            return message(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** The next windows from now, each with its start, end (or null) and French description. */
    @GetMapping("/next-windows")
    ResponseEntity<?> nextWindows(@RequestParam(defaultValue = "5") int count) {
        return asReader(() -> {
            if (count < 1 || count > MAX_COUNT) {
                return message(HttpStatus.BAD_REQUEST, "« count » doit être entre 1 et " + MAX_COUNT);
            }
            return fileRead(() -> {
                List<Map<String, Object>> windows = calendar.nextWindows(Instant.now(clock), count).stream()
                        .map(ChangeCalendarController::json).toList();
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("calendar", calendar.exists());
                answer.put("zone", calendar.zone().getId());
                answer.put("windows", windows);
                if (windows.isEmpty()) {
                    answer.put("message", "Aucune fenêtre de mise en production dans l'année : le calendrier des "
                            + "changements n'en ouvre aucune hors des gels.");
                }
                return ResponseEntity.ok(answer);
            });
        });
    }

    private static Map<String, Object> json(Window window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.start().atZone(window.zone())));
        json.put("end", window.end() == null ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.end().atZone(window.zone())));
        json.put("description", window.description());
        return json;
    }

    private ResponseEntity<?> asReader(Supplier<ResponseEntity<?>> response) {
        if (caller.reader().isEmpty()) {
            return message(HttpStatus.FORBIDDEN, "réservé aux membres des groupes de Release Gate");
        }
        return response.get();
    }

    /** A calendar file that cannot be read as a calendar is the server's state, not the caller's request. */
    private static ResponseEntity<?> fileRead(Supplier<ResponseEntity<?>> response) {
        try {
            return response.get();
        } catch (CalendarRejectedException e) {
            return message(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static ResponseEntity<Map<String, String>> message(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("message", message));
    }
}
