package org.releasegate.restore;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.releasegate.RejectedInputException;
import org.releasegate.api.BadRequest;
import org.releasegate.archive.Archive;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.message.Messages;
import org.releasegate.security.ApiCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/baseline}: whether a rollback would be possible today (any member of our groups), and the archiving of
 * the version production runs as the first release's baseline (release managers and administrators). Errors are
 * problems ({@link org.releasegate.api}) in French.
 */
@RestController
@RequestMapping("/api/baseline")
class BaselineController {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineController.class);

    private final ProductionBaseline baseline;
    private final RollbackReadiness readiness;
    private final InstallMethods installMethods;
    private final ApiCaller caller;

    BaselineController(ProductionBaseline baseline, RollbackReadiness readiness, InstallMethods installMethods,
                       ApiCaller caller) {
        this.baseline = baseline;
        this.readiness = readiness;
        this.installMethods = installMethods;
        this.caller = caller;
    }

    /** What the next release's rollback could count on. */
    @GetMapping
    Map<String, Object> get() throws IOException {
        caller.requireReader();
        Optional<String> impossibility = readiness.impossibility();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("productionVersion", installMethods.installedVersion(Environments.PRODUCTION).orElse(null));
        answer.put("rollbackPossible", impossibility.isEmpty());
        answer.put("message", impossibility.orElse(Messages.text("restore.baseline.rollback-possible")));
        return answer;
    }

    /**
     * Body {@code {"package": "gestan-1.0.zip", "version": "1.0", "data": true}}: {@code version} is required for a
     * vendor installer, {@code data} (default false) also archives production's data.
     */
    @PostMapping
    ResponseEntity<Map<String, Object>> take(@RequestBody(required = false) Map<String, Object> body)
            throws IOException {
        String writer = caller.requireWriter("api.writers-only.baseline");
        if (body == null || !(body.get("package") instanceof String packageName) || packageName.isBlank()
                || body.get("version") != null && !(body.get("version") instanceof String)
                || body.get("data") != null && !(body.get("data") instanceof Boolean)) {
            throw new BadRequest(Messages.text("api.baseline.body-expected"));
        }
        ProductionBaseline.Taken taken;
        try {
            taken = baseline.take(packageName, (String) body.get("version"), Boolean.TRUE.equals(body.get("data")),
                    writer);
        } catch (RejectedInputException e) {
            throw new BadRequest(e.getMessage());
        }
        LOG.info("{} archived the baseline of production's version {}: {}{}", writer, taken.version(),
                taken.installer().id(), taken.data().map(data -> " and " + data.id()).orElse(""));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", taken.version());
        answer.put("installerArchive", taken.installer().id());
        answer.put("installerSha256", taken.installer().files().get(0).sha256());
        answer.put("dataArchive", taken.data().map(Archive::id).orElse(null));
        answer.put("message", Messages.text("restore.baseline.taken", taken.version()));
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }
}
