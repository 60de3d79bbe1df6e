package org.releasegate.workaround;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.releasegate.security.ApiCaller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workaround register over REST: {@code GET /api/workarounds?status=open} (or {@code closed}; all without).
 * For any member of Release Gate's groups, behind HTTP basic authentication.
 */
@RestController
class WorkaroundController {

    private final WorkaroundRepository workarounds;
    private final ApiCaller caller;

    WorkaroundController(WorkaroundRepository workarounds, ApiCaller caller) {
        this.workarounds = workarounds;
        this.caller = caller;
    }

    @GetMapping("/api/workarounds")
    ResponseEntity<?> list(@RequestParam(required = false) String status) {
        if (caller.reader().isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .body(Map.of("message", "réservé aux membres des groupes de Release Gate"));
        }
        Optional<Workaround.Status> wanted;
        try {
            wanted = status == null || status.isBlank() ? Optional.empty()
                    : Optional.of(Workaround.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("message", "status : open ou closed, pas « " + status + " »"));
        }
        return ResponseEntity.ok(workarounds.list(wanted));
    }
}
