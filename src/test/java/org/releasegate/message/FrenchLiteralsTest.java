package org.releasegate.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What people read belongs in the bundle: a French text written as a string literal in the main sources is one that
 * escaped it. The texts not moved yet are counted per file in {@code message/french-literals.txt}; a file may hold
 * fewer, never more, and a file not listed none. A literal is French when it has an accented letter, a guillemet or a
 * common French word; comments and log lines are not counted (the server's log is English).
 */
class FrenchLiteralsTest {

    private static final Path SOURCES = Path.of("src/main/java/org/releasegate");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern FRENCH = Pattern.compile(
            "[éèêàâùûçôîïœÉÈÀÇ«»]|\\b(?:le|la|les|des|une|du|est|pas|aucun|aucune)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NOT_FOR_PEOPLE = Pattern.compile("^\\s*(?://|\\*|/\\*)|\\bLOG\\.|\\blogger\\.");

    @Test
    void noFileHoldsMoreFrenchLiteralsThanBeforeAndNoOtherFileHoldsAny() throws IOException {
        Map<String, Integer> allowed = baseline();
        Map<String, String> over = new TreeMap<>();
        frenchLiterals().forEach((file, count) -> {
            int limit = allowed.getOrDefault(file, 0);
            if (count > limit) {
                over.put(file, count + " French literals, " + limit + " allowed: put the new text in "
                        + Messages.BUNDLE + " and read it with Messages.text");
            }
        });

        assertThat(over).as("French texts written in the code instead of the bundle").isEmpty();
    }

    @Test
    void theCountingFindsAFrenchLiteralAndSkipsCommentsAndLogLines() {
        assertThat(count("throw new X(\"Le fichier « a » est vide\");")).isEqualTo(1);
        assertThat(count("String key = \"report.page.title\";")).isZero();
        assertThat(count("// \"le fichier est vide\"")).isZero();
        assertThat(count("LOG.info(\"Release {}: la fenêtre\", id);")).isZero();
    }

    static Map<String, Integer> frenchLiterals() throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                int count = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .mapToInt(FrenchLiteralsTest::count).sum();
                if (count > 0) {
                    counts.put(SOURCES.relativize(file).toString().replace('\\', '/'), count);
                }
            }
        }
        return counts;
    }

    private static int count(String line) {
        if (NOT_FOR_PEOPLE.matcher(line).find()) {
            return 0;
        }
        int count = 0;
        Matcher literal = LITERAL.matcher(line);
        while (literal.find()) {
            if (FRENCH.matcher(literal.group(1)).find()) {
                count++;
            }
        }
        return count;
    }

    private static Map<String, Integer> baseline() throws IOException {
        Map<String, Integer> allowed = new TreeMap<>();
        try (InputStream in = FrenchLiteralsTest.class.getResourceAsStream("/message/french-literals.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] countAndFile = line.strip().split("\\s+", 2);
                    allowed.put(countAndFile[1], Integer.parseInt(countAndFile[0]));
                }
            }
        }
        return allowed;
    }
}
