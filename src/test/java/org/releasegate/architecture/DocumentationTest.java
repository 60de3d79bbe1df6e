package org.releasegate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The map holds together: every link between the documents reaches a file and a heading that exist, every
 * "see docs/….md, "Section"" in the code and the configuration names a section that exists, and the README's test
 * command is the one CI runs.
 */
class DocumentationTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
    /** {@code docs/operations.md, "Docker"} or {@code README, "Demo users"} in a comment: a heading of that file. */
    private static final Pattern SECTION_REFERENCE = Pattern.compile("(README|docs/[\\w-]+\\.md), \"([^\"]+)\"");

    @Test
    void everyLinkBetweenTheDocumentsReachesAFileAndAHeading() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path document : documents()) {
            List<String> lines = Files.readAllLines(document);
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
                    String where = document + ":" + (i + 1) + ": " + target;
                    if (!Files.exists(resolved)) {
                        problems.add(where + ": no file " + resolved);
                    } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                        problems.add(where + ": " + resolved + " has no heading #" + anchor + " (its headings: "
                                + anchors(resolved) + ")");
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everySectionTheCodeAndTheConfigurationReferToExists() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Stream.of("src/main", "src/test/java", "docker", ".ci", "bpmn", "pom.xml")
                .map(Path::of).filter(Files::exists).flatMap(DocumentationTest::walk)) {
            files = walk.filter(Files::isRegularFile).filter(path -> !path.toString().contains("node_modules"))
                    .filter(path -> path.toString().matches(".*\\.(java|ya?ml|xml|bpmn|sh|mjs|example)$|.*/(run|Dockerfile|install-[\\w-]+)$"))
                    .toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher reference = SECTION_REFERENCE.matcher(lines.get(i));
                while (reference.find()) {
                    Path document = reference.group(1).equals("README") ? README : Path.of(reference.group(1));
                    String where = file + ":" + (i + 1) + ": " + reference.group();
                    if (!Files.exists(document)) {
                        problems.add(where + ": no file " + document);
                    } else if (headings(document).stream().noneMatch(heading -> heading.toLowerCase(Locale.ROOT)
                            .startsWith(reference.group(2).toLowerCase(Locale.ROOT)))) {
                        problems.add(where + ": " + document + " has no heading \"" + reference.group(2) + "\"");
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theReadmesTestCommandIsTheOneCiRuns() throws IOException {
        List<String> ci = Files.readAllLines(Path.of(".ci", "run")).stream().map(String::trim)
                .filter(line -> line.startsWith("./mvnw")).toList();
        assertThat(ci).as(".ci/run runs one Maven command").hasSize(1);
        List<String> readme = Files.readAllLines(README).stream().map(String::trim).toList();
        assertThat(readme).as("the README's commands hold the one .ci/run runs").contains(ci.get(0));
        assertThat(readme).contains("./mvnw spring-boot:run");
        assertThat(Files.readString(Path.of("pom.xml")))
                .as("the README says the run command uses the demo profile").contains("<run.profiles>demo</run.profiles>");
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README, Path.of("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The headings of a Markdown file, outside fenced blocks. */
    private static List<String> headings(Path document) throws IOException {
        List<String> headings = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(document)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                headings.add(line.replaceFirst("^#+\\s*", "").trim());
            }
        }
        return headings;
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path document) throws IOException {
        if (!document.toString().endsWith(".md")) {
            return Set.of();
        }
        return headings(document).stream()
                .map(heading -> heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
