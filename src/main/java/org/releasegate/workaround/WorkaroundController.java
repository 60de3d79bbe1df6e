package org.releasegate.workaround;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.releasegate.api.BadRequest;
import org.releasegate.message.Messages;
import org.releasegate.security.ApiCaller;
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
    List<Workaround> list(@RequestParam(required = false) String status) {
        caller.requireReader();
        return workarounds.list(status == null || status.isBlank() ? Optional.empty() : Optional.of(parse(status)));
    }

    private static Workaround.Status parse(String status) {
        try {
            return Workaround.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Messages.text("api.workaround.status-invalid", status));
        }
    }
}
