package org.releasegate.report;

import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.api.Forbidden;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Component;

/**
 * Who may read release reports: whoever may read the history of the release policy (READ_HISTORY on its process
 * definition) — release managers, operations and admins by default. The user comes from the engine's
 * authentication filter in front of /reports.
 */
@Component
class ReportAccess {

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    ReportAccess(IdentityService identity, AuthorizationService authorizations) {
        this.identity = identity;
        this.authorizations = authorizations;
    }

    /**
     * @return the authenticated user
     * @throws Forbidden unless they may read reports
     */
    Authentication requireReader() {
        return reader().orElseThrow(() -> new Forbidden(Messages.text("api.reports-forbidden")));
    }

    private Optional<Authentication> reader() {
        Authentication current = identity.getCurrentAuthentication();
        if (current == null || current.getUserId() == null) {
            return Optional.empty();
        }
        boolean allowed = authorizations.isUserAuthorized(current.getUserId(), current.getGroupIds(),
                Permissions.READ_HISTORY, Resources.PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY);
        return allowed ? Optional.of(current) : Optional.empty();
    }

    /**
     * Runs a read of the whole release without the engine's per-query checks: once {@link #requireReader()} granted the
     * report, it shows every step, including tasks of other groups that the reader could not open in Tasklist.
     */
    <T> T asReport(Authentication reader, Supplier<T> read) {
        identity.clearAuthentication();
        try {
            return read.get();
        } finally {
            identity.setAuthentication(reader);
        }
    }
}
