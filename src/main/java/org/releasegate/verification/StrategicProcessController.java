package org.releasegate.verification;

import java.nio.file.Path;
import java.util.List;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The strategic-process catalogue over REST, and the history of verdicts of each process and of each road-book
 * change across releases. Behind HTTP basic authentication (engine users); any member of our groups reads, release
 * managers and administrators change the catalogue. Errors are problems ({@link org.releasegate.api}): 400 for a
 * process that breaks the catalogue's rules, 409 when the file itself is malformed (fix it first: it is never
 * overwritten), named by its file name, never its folder on the server.
 */
@RestController
@RequestMapping("/api")
class StrategicProcessController {

    private static final Logger LOG = LoggerFactory.getLogger(StrategicProcessController.class);
    private static final String CHANGE = "api.writers-only.catalog";

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
    List<StrategicProcess> list() {
        caller.requireReader();
        return fromCatalogue(catalog::strategicProcesses);
    }

    @GetMapping("/strategic-processes/{id}")
    StrategicProcess one(@PathVariable String id) {
        caller.requireReader();
        return fromCatalogue(() -> catalog.find(id)).orElseThrow(() -> notFound(id));
    }

    @PutMapping("/strategic-processes/{id}")
    ResponseEntity<StrategicProcess> put(@PathVariable String id, @RequestBody(required = false) ProcessBody body) {
        String writer = caller.requireWriter(CHANGE);
        StrategicProcess process = checked(id, body);
        boolean created = fromCatalogue(() -> catalog.put(process));
        LOG.info("{} {} strategic process {} in {}", writer, created ? "added" : "replaced", id, catalog.file());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(process);
    }

    @DeleteMapping("/strategic-processes/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        String writer = caller.requireWriter(CHANGE);
        if (!fromCatalogue(() -> catalog.delete(id))) {
            throw notFound(id);
        }
        LOG.info("{} removed strategic process {} from {}", writer, id, catalog.file());
    }

    /** Verdicts of a process across releases, newest first; kept after the process leaves the catalogue. */
    @GetMapping("/strategic-processes/{id}/verdicts")
    List<VerdictHistory.Entry> processVerdicts(@PathVariable String id) {
        caller.requireReader();
        return history.of(Verdict.ItemKind.STRATEGIC_PROCESS, id);
    }

    /** Verdicts of a road-book change across releases and rounds, newest first. */
    @GetMapping("/changes/{id}/verdicts")
    List<VerdictHistory.Entry> changeVerdicts(@PathVariable String id) {
        caller.requireReader();
        return history.of(Verdict.ItemKind.CHANGE, id);
    }

    /** The process sent, stripped and checked against the catalogue's rules. */
    private static StrategicProcess checked(String id, ProcessBody body) {
        if (body == null) {
            throw new BadRequest(Messages.text("api.catalog.body-expected"));
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw new BadRequest(Messages.text("api.catalog.id-mismatch", body.id(), id));
        }
        try {
            return CatalogFile.check(new StrategicProcess(id, body.name() == null ? null : body.name().strip(),
                    body.steps() == null ? List.of()
                            : body.steps().stream().map(step -> step == null ? null : step.strip()).toList()));
        } catch (CatalogRejectedException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /**
     * A catalogue file that cannot be read as a catalogue, or that refuses the change, is the server's state, not
     * the caller's request.
     */
    private <T> T fromCatalogue(Supplier<T> use) {
        try {
            return use.get();
        } catch (CatalogRejectedException e) {
            Path file = catalog.file();
            throw new Conflict(e.getMessage().replace(file.toString(), file.getFileName().toString()));
        }
    }

    private static NotFound notFound(String id) {
        return new NotFound(Messages.text("api.catalog.not-found", id));
    }
}
