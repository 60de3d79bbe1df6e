package org.releasegate.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.awaitility.core.ConditionTimeoutException;

/**
 * What the tests check of a program Release Gate started: that it saw none of the secrets pom.xml's surefire
 * configuration puts in the test JVM's environment (only {@link ChildProcess#INHERITED} and what was given on
 * purpose), and that it and its children are gone.
 */
public final class ChildChecks {

    /** As in pom.xml: the engine's password and a line of docker/.env. */
    public static final Map<String, String> SECRETS =
            Map.of("RELEASEGATE_DB_PASSWORD", "secret-from-test-env", "ERP_PG_PASSWORD", "erp-secret-from-test-env");

    /** What {@code sh} adds to the environment it was given. */
    private static final Set<String> SET_BY_THE_SHELL = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    private ChildChecks() {
    }

    /**
     * Asserts that {@code printed}, what {@code env} printed in the child (lines {@code NAME=value}), holds none of
     * the secrets, this JVM's PATH, every variable {@code given}, and no other variable than those, the inherited
     * ones and those a shell sets.
     */
    public static void assertSawOnly(String printed, Set<String> given) {
        SECRETS.forEach((name, value) -> assertThat(System.getenv(name))
                .as("%s in this JVM's environment (pom.xml's surefire configuration sets it; run with ./mvnw)", name)
                .isEqualTo(value));
        SECRETS.forEach((name, value) -> assertThat(printed).as("what the child saw").doesNotContain(value));
        Map<String, String> variables = new TreeMap<>();
        printed.lines().filter(line -> line.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).forEach(line ->
                variables.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        assertThat(variables).as("the child's environment").containsEntry("PATH", System.getenv("PATH"));
        assertThat(variables.keySet()).as("the variables given to the child").containsAll(given);
        Set<String> allowed = new TreeSet<>(ChildProcess.INHERITED);
        allowed.addAll(given);
        allowed.addAll(SET_BY_THE_SHELL);
        assertThat(allowed).as("the variables the child may see").containsAll(variables.keySet());
    }

    /** Alive and not a zombie waiting to be reaped (in a container, nobody may ever reap it). */
    public static boolean running(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The pid a script wrote ({@code echo $! > file}), once it is there. */
    public static long pidIn(Path file) throws IOException, InterruptedException {
        try {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .pollInSameThread().until(() -> Files.exists(file) && Files.size(file) > 0);
        } catch (ConditionTimeoutException e) {
            // reading it says what is missing
        }
        return Long.parseLong(Files.readString(file).strip());
    }
}
