package org.releasegate.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.api.Forbidden;
import org.releasegate.message.Messages;
import org.springframework.stereotype.Component;

/**
 * Who calls Release Gate's own REST API, as the engine's authentication filter in front of {@code /api/*} found
 * them. Every person of our groups may read (catalogue, verdict history, workarounds); only release managers and
 * administrators may change the catalogue. A controller method starts with {@link #requireReader()} or
 * {@link #requireWriter(String)}; a caller who may not gets a 403 problem.
 */
@Component
public class ApiCaller {

    private static final Set<String> READERS = Set.of(Roles.RELEASE_MANAGERS, Roles.TESTERS, Roles.KEY_USERS,
            Roles.OPERATIONS, Roles.ADMINS);
    private static final Set<String> WRITERS = Set.of(Roles.RELEASE_MANAGERS, Roles.ADMINS);


    private final IdentityService identity;

    public ApiCaller(IdentityService identity) {
        this.identity = identity;
    }

    /**
     * @return the caller's user id
     * @throws Forbidden unless the caller is a member of one of our groups
     */
    public String requireReader() {
        return memberOf(READERS).orElseThrow(() -> new Forbidden(Messages.text("api.members-only")));
    }

    /**
     * @param refusalKey what the others read, its key in the message bundle ("seuls les responsables de mise en
     *                   production et les administrateurs modifient le calendrier des changements")
     * @return the caller's user id
     * @throws Forbidden unless the caller is a release manager or an administrator
     */
    public String requireWriter(String refusalKey) {
        return memberOf(WRITERS).orElseThrow(() -> new Forbidden(Messages.text(refusalKey)));
    }

    /** The caller's user id when it is in the agents' group ({@code transfer} then checks it is a declared agent). */
    public Optional<String> agent() {
        return memberOf(Set.of(Roles.AGENTS));
    }

    private Optional<String> memberOf(Set<String> groups) {
        Authentication current = identity.getCurrentAuthentication();
        if (current == null || current.getUserId() == null) {
            return Optional.empty();
        }
        List<String> groupIds = current.getGroupIds() == null ? List.of() : current.getGroupIds();
        return groupIds.stream().anyMatch(groups::contains) ? Optional.of(current.getUserId()) : Optional.empty();
    }
}
