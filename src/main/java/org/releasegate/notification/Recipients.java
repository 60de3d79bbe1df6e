package org.releasegate.notification;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/**
 * Finds who to mail in Camunda's identity service. Runs on the mail thread, which has no authenticated user, so the
 * lookups are not narrowed by the authorizations of whoever completed the previous task. People without an email
 * address are left out. Group members are cached for one batch of notifications.
 */
final class Recipients {

    private final IdentityService identity;
    private final Map<String, List<Recipient>> groupMembers = new HashMap<>();

    Recipients(IdentityService identity) {
        this.identity = identity;
    }

    List<Recipient> users(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return withEmail(identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list());
    }

    List<Recipient> membersOf(Collection<String> groupIds) {
        Map<String, Recipient> members = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            groupMembers.computeIfAbsent(groupId, id -> withEmail(identity.createUserQuery().memberOfGroup(id).list()))
                    .forEach(member -> members.putIfAbsent(member.userId(), member));
        }
        return List.copyOf(members.values());
    }

    private static List<Recipient> withEmail(List<User> users) {
        return users.stream()
                .filter(user -> user.getEmail() != null && !user.getEmail().isBlank())
                .map(user -> new Recipient(user.getId(), user.getFirstName(), user.getEmail().strip()))
                .toList();
    }
}
