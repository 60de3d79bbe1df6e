package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The one French bundle of what people read: every key the code names is in it and every key in it is named by the
 * code (a key is a string literal of the main sources starting with one of the bundle's areas: {@code "gate.…"}),
 * and no text carries what a person should never read — an engine code, a Java class name, an English engine phrase
 * or a path on the server.
 */
class MessageBundleTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\"");

    /** What the engine and Java write, which a French sentence for people never contains. */
    private static final Map<String, Pattern> FORBIDDEN = Map.of(
            "an engine code", Pattern.compile("ENGINE-\\d+|ENGINE-REST"),
            "a Java class name", Pattern.compile("\\b[a-z]+(?:\\.[a-z0-9]+)+\\.[A-Z]\\w*|\\b\\w+(?:Exception|Error|Cmd)\\b"),
            "an English engine phrase", Pattern.compile(
                    "(?i)\\b(?:cannot|could not|does not|no matching|not found|permission|exception|null|"
                            + "there was|failed|invalid|unknown)\\b"),
            // a file's place on the server; the addresses of the HTTP APIs (/api/…) may be named
            "a server path", Pattern.compile(
                    "(?:^|[\\s(«])/(?!api/|engine-rest/|camunda/)[\\w.-]+/[\\w.-]+|\\b[A-Z]:\\\\|\\./\\w"));

    @Test
    void everyKeyTheCodeNamesIsInTheBundle() {
        Map<String, List<Path>> named = keysNamedByTheCode();

        assertThat(named.keySet()).as("keys named by the code").isNotEmpty();
        Map<String, List<Path>> missing = new TreeMap<>(named);
        missing.keySet().removeAll(Messages.all().keySet());
        assertThat(missing).as("keys missing from " + Messages.BUNDLE + " (key → where)").isEmpty();
    }

    @Test
    void everyKeyOfTheBundleIsNamedByTheCode() {
        Set<String> unused = new TreeSet<>(Messages.all().keySet());
        unused.removeAll(keysNamedByTheCode().keySet());

        assertThat(unused).as("keys of " + Messages.BUNDLE + " that no code names").isEmpty();
    }

    @Test
    void noTextCarriesAnEngineCodeAClassNameAnEnglishPhraseOrAServerPath() {
        List<String> found = new ArrayList<>();
        Messages.all().forEach((key, text) -> FORBIDDEN.forEach((what, pattern) -> {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                found.add(key + " has " + what + ": « " + matcher.group().strip() + " »");
            }
        }));

        assertThat(found).isEmpty();
    }

    @Test
    void thePlaceholdersOfEachTextAreNumberedFromZeroWithoutAGap() {
        List<String> gaps = new ArrayList<>();
        Messages.all().forEach((key, text) -> {
            Set<Integer> indexes = Messages.placeholders(text);
            if (!indexes.equals(IntStream.range(0, indexes.size()).boxed().collect(Collectors.toSet()))) {
                gaps.add(key + " " + indexes);
            }
        });

        assertThat(gaps).isEmpty();
    }

    @Test
    void theArgumentsFillThePlaceholdersAsTheyAreAndApostrophesStayPlain() {
        assertThat(Messages.text("four-eyes.emergency-declarer", "paul"))
                .isEqualTo("L'urgence doit être approuvée par un autre responsable que celui qui l'a déclarée (paul)");
        assertThat(Messages.text("gate.agent.worker-id", "agent-prod", "$1 \\x"))
                .as("an argument is not read as a pattern, the same placeholder may come twice")
                .isEqualTo("L'agent agent-prod doit se présenter sous son propre nom (identifiant de worker "
                        + "agent-prod@<serveur>), pas « $1 \\x ».");
        assertThat(Messages.text("gate.inbox.empty")).as("a leading space is kept").isEqualTo(" : il est vide.");
    }

    @Test
    void anUnknownKeyOrAMissingArgumentIsAProgrammingError() {
        assertThatThrownBy(() -> Messages.text("gate.no-such-message")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate.no-such-message");
        assertThatThrownBy(() -> Messages.text("gate.same-version")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 1 arguments, not 0");
    }

    /** Every literal of the main sources in one of the bundle's areas (the part of a key before its first dot). */
    private static Map<String, List<Path>> keysNamedByTheCode() {
        Set<String> areas = Messages.all().keySet().stream().map(key -> key.substring(0, key.indexOf('.')))
                .collect(Collectors.toSet());
        Map<String, List<Path>> named = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher literal = LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    String key = literal.group(1);
                    if (areas.contains(key.substring(0, key.indexOf('.')))) {
                        named.computeIfAbsent(key, any -> new ArrayList<>()).add(SOURCES.relativize(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return named;
    }
}
