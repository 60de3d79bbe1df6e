package org.releasegate.verification;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.releasegate.security.ApiCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The strategic-process catalogue over REST, and the history of verdicts of each process and of each road-book
 * change across releases. Behind HTTP basic authentication (engine users); any member of our groups reads, release
 * managers and administrators change the catalogue. Errors are {@code {"message": "…"}}: 400 for a process that
 * breaks the catalogue's rules, 409 when the file itself is malformed (fix it first: it is never overwritten).
 */
@RestController
@RequestMapping("/api")
class StrategicProcessController {

    private static final Logger LOG = LoggerFactory.getLogger(StrategicProcessController.class);

    /** A process as sent to PUT: the id comes from the path (an id in the body must be the same). */
    record ProcessBody(String id, String name, List<String> steps) {
    }

    private final StrategicProcessCatalog catalog;
    private final VerdictHistory history;
    private final ApiCaller caller;

    StrategicProcessController(StrategicProcessCatalog catalog, VerdictHistory history, ApiCaller caller) {
        this.catalog = catalog;
        this.history = history;
        this.caller = caller;
    }

    @GetMapping("/strategic-processes")
    ResponseEntity<?> list() {
        return asReader(() -> catalogRead(() -> ResponseEntity.ok(catalog.strategicProcesses())));
    }

    @GetMapping("/strategic-processes/{id}")
    ResponseEntity<?> one(@PathVariable String id) {
        return asReader(() -> catalogRead(() -> catalog.find(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id))));
    }

    @PutMapping("/strategic-processes/{id}")
    ResponseEntity<?> put(@PathVariable String id, @RequestBody(required = false) ProcessBody body) {
        Optional<String> writer = caller.writer();
        if (writer.isEmpty()) {
            return forbiddenToWrite();
        }
        if (body == null) {
            return message(HttpStatus.BAD_REQUEST, "corps attendu : {\"name\": \"…\", \"steps\": [\"…\"]}");
        }
        if (body.id() != null && !body.id().equals(id)) {
            return message(HttpStatus.BAD_REQUEST, "l'identifiant du corps (« " + body.id()
                    + " ») diffère de celui du chemin (« " + id + " »)");
        }
        StrategicProcess process;
        try {
            process = CatalogFile.check(new StrategicProcess(id, body.name() == null ? null : body.name().strip(),
                    body.steps() == null ? List.of() : body.steps().stream().map(step -> step == null ? null : step.strip()).toList()));
        } catch (CatalogRejectedException e) {
            return message(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return catalogRead(() -> {
            boolean created = catalog.put(process);
            LOG.info("{} {} strategic process {} in {}", writer.get(), created ? "added" : "replaced", id, catalog.file());
            return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(process);
        });
    }

    @DeleteMapping("/strategic-processes/{id}")
    ResponseEntity<?> delete(@PathVariable String id) {
        Optional<String> writer = caller.writer();
        if (writer.isEmpty()) {
            return forbiddenToWrite();
        }
        return catalogRead(() -> {
            if (!catalog.delete(id)) {
                return notFound(id);
            }
            LOG.info("{} removed strategic process {} from {}", writer.get(), id, catalog.file());
            return ResponseEntity.noContent().build();
        });
    }

    /** Verdicts of a process across releases, newest first; kept after the process leaves the catalogue. */
    @GetMapping("/strategic-processes/{id}/verdicts")
    ResponseEntity<?> processVerdicts(@PathVariable String id) {
        return asReader(() -> ResponseEntity.ok(history.of(Verdict.ItemKind.STRATEGIC_PROCESS, id)));
    }

    /** Verdicts of a road-book change across releases and rounds, newest first. */
    @GetMapping("/changes/{id}/verdicts")
    ResponseEntity<?> changeVerdicts(@PathVariable String id) {
        return asReader(() -> ResponseEntity.ok(history.of(Verdict.ItemKind.CHANGE, id)));
    }

    private ResponseEntity<?> asReader(Supplier<ResponseEntity<?>> response) {
        if (caller.reader().isEmpty()) {
            return message(HttpStatus.FORBIDDEN, "réservé aux membres des groupes de Release Gate");
        }
        return response.get();
    }

    /** A catalogue file that cannot be read as a catalogue is the server's state, not the caller's request. */
    private static ResponseEntity<?> catalogRead(Supplier<ResponseEntity<?>> response) {
        try {
            return response.get();
        } catch (CatalogRejectedException e) {
            return message(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static ResponseEntity<?> forbiddenToWrite() {
        return message(HttpStatus.FORBIDDEN, "seuls les responsables de mise en production et les administrateurs "
                + "modifient le catalogue des processus stratégiques");
    }

    private static ResponseEntity<?> notFound(String id) {
        return message(HttpStatus.NOT_FOUND, "aucun processus stratégique « " + id + " » au catalogue");
    }

    static ResponseEntity<Map<String, String>> message(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("message", message));
    }
}
