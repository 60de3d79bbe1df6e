package org.releasegate.calendar;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.releasegate.api.BadRequest;
import org.releasegate.api.Conflict;
import org.releasegate.api.NotFound;
import org.releasegate.message.Messages;
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
 * and its next windows, release managers and administrators replace it. Errors are problems
 * ({@link org.releasegate.api}): 400 for a calendar that breaks the rules (with its line), 409 when the file on disk
 * is malformed (fix it first: it is never overwritten).
 */
@RestController
@RequestMapping("/api/change-calendar")
class ChangeCalendarController {

    static final int MAX_COUNT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCalendarController.class);
    private static final String SENT = Messages.text("calendar.source.sent");

    private final ChangeCalendar calendar;
    private final ApiCaller caller;
    private final Clock clock;

    ChangeCalendarController(ChangeCalendar calendar, ApiCaller caller, Clock clock) {
        this.calendar = calendar;
        this.caller = caller;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> get() {
        caller.requireReader();
        return fromFile(calendar::content).orElseThrow(() -> new NotFound(Messages.text("api.calendar.none")));
    }

    /** Replaces the whole calendar with the body: JSON (or YAML) in the file's format. */
    @PutMapping
    ResponseEntity<Map<String, Object>> put(@RequestBody(required = false) String body) {
        String writer = caller.requireWriter("api.writers-only.calendar");
        if (body == null || body.isBlank()) {
            throw new BadRequest(Messages.text("api.calendar.body-expected"));
        }
        ChangeCalendar.Replaced replaced;
        try {
            replaced = calendar.replace(body, SENT);
        } catch (ChangeCalendar.CalendarFileMalformedException e) {
            e.detail().ifPresent(detail -> LOG.warn("The change calendar {} is malformed: {}", calendar.file(), detail));
            throw new Conflict(Messages.text("api.calendar.file-malformed", e.getMessage()));
        } catch (CalendarRejectedException e) {
            e.detail().ifPresent(detail -> LOG.info("A change calendar sent by {} was refused: {}", writer, detail));
            throw new BadRequest(e.getMessage());
        }
        LOG.info("{} {} the change calendar {}", writer, replaced.created() ? "created" : "replaced", calendar.file());
        return ResponseEntity.status(replaced.created() ? HttpStatus.CREATED : HttpStatus.OK).body(replaced.calendar());
    }

    /** The next windows from now, each with its start, end (or null) and French description. */
    @GetMapping("/next-windows")
    Map<String, Object> nextWindows(@RequestParam(defaultValue = "5") int count) {
        caller.requireReader();
        if (count < 1 || count > MAX_COUNT) {
            throw new BadRequest(Messages.text("api.calendar.count-range", MAX_COUNT));
        }
        List<Map<String, Object>> windows = fromFile(() -> calendar.nextWindows(Instant.now(clock), count)).stream()
                .map(ChangeCalendarController::json).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("calendar", fromFile(calendar::exists));
        answer.put("zone", fromFile(calendar::zone).getId());
        answer.put("windows", windows);
        if (windows.isEmpty()) {
            answer.put("message", Messages.text("api.calendar.no-window"));
        }
        return answer;
    }

    private static Map<String, Object> json(Window window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.start().atZone(window.zone())));
        json.put("end", window.end() == null ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.end().atZone(window.zone())));
        json.put("description", window.description());
        return json;
    }

    /** A calendar file that cannot be read as a calendar is the server's state, not the caller's request. */
    private static <T> T fromFile(Supplier<T> read) {
        try {
            return read.get();
        } catch (CalendarRejectedException e) {
            throw new Conflict(e.getMessage());
        }
    }
}
