package org.releasegate.security;

import java.util.List;

import org.releasegate.message.Messages;

/** The groups of Release Gate; group ids are what the model's candidate groups name. */
public final class Roles {

    public static final String RELEASE_MANAGERS = "responsables-mep";
    public static final String TESTERS = "testeurs";
    public static final String KEY_USERS = "utilisateurs-cles";
    public static final String OPERATIONS = "exploitation";
    public static final String ADMINS = "camunda-admin";
    /** May deploy models, which is running code on the server: trusted people only. */
    public static final String PROCESS_OWNERS = "proprietaires-processus";
    public static final String WORKERS = "release-gate-workers";
    /** Agents on the ERP's servers: each runs its environments' steps only (AgentAccounts, gate/AgentCommands). */
    public static final String AGENTS = "agents";

    /** The groups that work on releases in Tasklist. */
    public static final List<String> TASKLIST_GROUPS = List.of(RELEASE_MANAGERS, TESTERS, KEY_USERS, OPERATIONS);
    /** The groups that follow every release (Cockpit, every task read), whichever group works on it. */
    public static final List<String> FOLLOWING_RELEASES = List.of(RELEASE_MANAGERS, OPERATIONS);

    /** Group id → display name, for the groups people belong to. */
    static final List<List<String>> PEOPLE_GROUPS = List.of(
            List.of(RELEASE_MANAGERS, Messages.text("security.group.release-managers")),
            List.of(TESTERS, Messages.text("security.group.testers")),
            List.of(KEY_USERS, Messages.text("security.group.key-users")),
            List.of(OPERATIONS, Messages.text("security.group.operations")),
            List.of(PROCESS_OWNERS, Messages.text("security.group.process-owners")),
            List.of(ADMINS, Messages.text("security.group.admins")));

    private Roles() {
    }

    /** A group as people read it (« Testeurs »), or its id for a group of a company's own. */
    public static String displayName(String groupId) {
        return PEOPLE_GROUPS.stream().filter(group -> group.get(0).equals(groupId)).map(group -> group.get(1))
                .findFirst().orElse(groupId);
    }
}
