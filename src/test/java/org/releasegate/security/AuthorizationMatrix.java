package org.releasegate.security;

import static org.releasegate.process.ReleasePolicy.Elements.CONFIRM_PRODUCTION;
import static org.releasegate.process.ReleasePolicy.Elements.DECIDE_ON_FAILURE;
import static org.releasegate.process.ReleasePolicy.Elements.FINAL_ACCEPTANCE;
import static org.releasegate.process.ReleasePolicy.Elements.VERIFY_CHANGE;
import static org.releasegate.process.ReleasePolicy.Elements.VERIFY_STRATEGIC_PROCESS;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who may do what, for every role and every action: the expected answer of the engine, the REST API and the
 * webapps' API alike. Reading the table is reading the security policy of Release Gate.
 */
final class AuthorizationMatrix {

    private static final boolean Y = true;
    private static final boolean N = false;

    /**
     * The roles, in the columns' order; a role is played by its demo user. Process owners have no webapp: they deploy
     * from the Camunda Modeler through the REST API, and the webapps refuse their login, so their every cell on the
     * webapps' API is denied.
     */
    enum Role {
        RELEASE_MANAGER("marie", true), TESTER("theo", true), KEY_USER("karim", true), OPERATIONS("olivia", true),
        PROCESS_OWNER("sophie", false), ADMIN("admin", true), ANONYMOUS(null, false);

        final String user;
        final boolean webapps;

        Role(String user, boolean webapps) {
            this.user = user;
            this.webapps = webapps;
        }

        @Override
        public String toString() {
            return user == null ? "anonyme" : user;
        }
    }

    enum Verb { START_AT_STEP, SEE_TASK, CLAIM_TASK, COMPLETE_TASK, SEE_RELEASES, MODIFY_RELEASE, READ_HISTORY, READ_REPORT,
        ACCESS_APP, MANAGE_USERS, DEPLOY }

    /** One action: a verb and, for tasks and applications, what it applies to. */
    record Action(Verb verb, String target) {
        @Override
        public String toString() {
            return target == null ? verb.name() : verb + " " + target;
        }
    }

    enum Channel { JAVA_API, REST_API, WEBAPP_API }

    record Row(Action action, boolean[] allowed) {
        boolean allows(Role role, Channel channel) {
            return allowed[role.ordinal()] && (channel != Channel.WEBAPP_API || role.webapps);
        }
    }

    record Cell(Action action, Role role, Channel channel, boolean allowed) {
        @Override
        public String toString() {
            return role + " · " + channel + " · " + action + " → " + (allowed ? "autorisé" : "refusé");
        }
    }

    // Every task kind a person works on; claiming or completing another group's task is the off-diagonal cells.
    // Tasks are those of a release started by paul, so the four-eyes rule (FourEyesTest) plays no part here.
    // Starting a release at a step and modifying a release walk around the policy: administrators only, whatever the
    // engine's grants say (operations hold UPDATE on releases to retry failed steps; the gate refuses them the rest).
    // Starting a release at its start event is tried in GateTest, which does not leave automated steps running.
    static final List<Row> ROWS = List.of(
            //                                                     marie theo karim olivia sophie admin anonyme
            row(Verb.START_AT_STEP, null,                            N,    N,   N,    N,     N,     Y,    N),
            // Release managers and operations follow every task of a release (Cockpit's « Tâches utilisateur »).
            row(Verb.SEE_TASK, VERIFY_CHANGE,                        Y,    Y,   N,    Y,     N,     Y,    N),
            row(Verb.SEE_TASK, VERIFY_STRATEGIC_PROCESS,             Y,    N,   Y,    Y,     N,     Y,    N),
            row(Verb.SEE_TASK, FINAL_ACCEPTANCE,                     Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.SEE_TASK, CONFIRM_PRODUCTION,                   Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.SEE_TASK, DECIDE_ON_FAILURE,                    Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.CLAIM_TASK, VERIFY_CHANGE,                      N,    Y,   N,    N,     N,     Y,    N),
            row(Verb.CLAIM_TASK, VERIFY_STRATEGIC_PROCESS,           N,    N,   Y,    N,     N,     Y,    N),
            row(Verb.CLAIM_TASK, FINAL_ACCEPTANCE,                   Y,    N,   N,    N,     N,     Y,    N),
            row(Verb.CLAIM_TASK, CONFIRM_PRODUCTION,                 N,    N,   N,    Y,     N,     Y,    N),
            row(Verb.CLAIM_TASK, DECIDE_ON_FAILURE,                  Y,    N,   N,    N,     N,     Y,    N),
            row(Verb.COMPLETE_TASK, VERIFY_CHANGE,                   N,    Y,   N,    N,     N,     Y,    N),
            row(Verb.COMPLETE_TASK, VERIFY_STRATEGIC_PROCESS,        N,    N,   Y,    N,     N,     Y,    N),
            row(Verb.COMPLETE_TASK, FINAL_ACCEPTANCE,                Y,    N,   N,    N,     N,     Y,    N),
            row(Verb.COMPLETE_TASK, CONFIRM_PRODUCTION,              N,    N,   N,    Y,     N,     Y,    N),
            row(Verb.COMPLETE_TASK, DECIDE_ON_FAILURE,               Y,    N,   N,    N,     N,     Y,    N),
            row(Verb.SEE_RELEASES, null,                             Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.MODIFY_RELEASE, null,                           N,    N,   N,    N,     N,     Y,    N),
            row(Verb.READ_HISTORY, null,                             Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.READ_REPORT, null,                              Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.ACCESS_APP, "tasklist",                         Y,    Y,   Y,    Y,     N,     Y,    N),
            row(Verb.ACCESS_APP, "cockpit",                          Y,    N,   N,    Y,     N,     Y,    N),
            row(Verb.ACCESS_APP, "admin",                            N,    N,   N,    N,     N,     Y,    N),
            row(Verb.MANAGE_USERS, null,                             N,    N,   N,    N,     N,     Y,    N),
            row(Verb.DEPLOY, null,                                   N,    N,   N,    N,     Y,     Y,    N));

    private AuthorizationMatrix() {
    }

    static Stream<Cell> cells(Channel channel) {
        List<Cell> cells = new ArrayList<>();
        for (Row row : ROWS) {
            for (Role role : Role.values()) {
                cells.add(new Cell(row.action(), role, channel, row.allows(role, channel)));
            }
        }
        return cells.stream();
    }

    static long deniedCells(Channel channel) {
        return cells(channel).filter(cell -> !cell.allowed()).count();
    }

    private static Row row(Verb verb, String target, boolean... allowedByRole) {
        if (allowedByRole.length != Role.values().length) {
            throw new IllegalArgumentException("One answer per role expected for " + verb + " " + target);
        }
        return new Row(new Action(verb, target), allowedByRole);
    }
}
