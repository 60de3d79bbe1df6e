package org.releasegate.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages under {@code org.releasegate} use one another exactly as the table "Packages" of
 * {@code docs/architecture.md} says, and the diagram there is the one that table gives. A dependency the table does
 * not allow fails with where it is in the code and which cell to change if it is intended; a dependency the table
 * allows but no class has any more fails too, so the document never shows an arrow the code does not have.
 * Dependencies are read from the compiled classes (ArchUnit) and from the imports of the source files: a compile-time
 * constant ({@code static final String}) is copied into the class that uses it, so only its import shows where it
 * comes from.
 */
class PackageBoundariesTest {

    private static final String BASE = "org.releasegate";
    /** The row of the classes directly in {@code org.releasegate}. */
    private static final String ROOT = "(root)";
    private static final String ENGINE_INTERNALS = "org.camunda.bpm.engine.impl";
    private static final String TABLE = "table \"Packages\" of " + ArchitectureDocument.PATH;
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "releasegate");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.releasegate\\.(\\w+)");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    private final Map<String, Rule> rules = rules();

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.releasegate.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageHasItsRowAndEveryRowItsPackage() {
        Set<String> packages = MAIN.stream().map(PackageBoundariesTest::packageOf).collect(Collectors.toCollection(TreeSet::new));
        List<String> problems = new ArrayList<>();
        packages.stream().filter(name -> !rules.containsKey(name)).forEach(name -> problems.add("package `" + name
                + "` has no row in the " + TABLE + ": add one (what it holds, the packages it may use)"));
        rules.values().stream().filter(rule -> !packages.contains(rule.name())).forEach(rule -> problems.add("row `"
                + rule.name() + "` (line " + rule.line() + ") of the " + TABLE + " names no package of the code: remove it,"
                + " and remove `" + rule.name() + "` from the \"may use\" cells that name it"));
        rules.values().forEach(rule -> rule.mayUse().stream().filter(used -> !rules.containsKey(used)).forEach(used ->
                problems.add("row `" + rule.name() + "` (line " + rule.line() + ") of the " + TABLE + " may use `" + used
                        + "`, which has no row")));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void packagesUseOnlyWhatTheDocumentAllows() {
        List<String> problems = new ArrayList<>();
        dependencies().forEach((edge, where) -> {
            Rule rule = rules.get(edge.from());
            if (rule != null && rules.containsKey(edge.to()) && !rule.mayUse().contains(edge.to())) {
                problems.add("`" + edge.from() + "` uses `" + edge.to() + "`, which the " + TABLE + " does not allow"
                        + " (row `" + edge.from() + "`, line " + rule.line() + ").\n  If it is intended, add `" + edge.to()
                        + "` to the \"may use\" cell of that row and replace the ```mermaid block with the one"
                        + " PackageBoundariesTest.theDiagramIsTheTable prints; otherwise remove the dependency:\n"
                        + examples(where));
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyDependencyTheDocumentAllowsIsUsed() {
        Set<Edge> used = dependencies().keySet();
        List<String> problems = new ArrayList<>();
        rules.values().forEach(rule -> rule.mayUse().stream()
                .filter(to -> !used.contains(new Edge(rule.name(), to)))
                .forEach(to -> problems.add("the " + TABLE + " says `" + rule.name() + "` may use `" + to + "` (line "
                        + rule.line() + "), but no class of `" + rule.name() + "` does any more: remove `" + to
                        + "` from that cell, and the arrow from the ```mermaid block")));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void engineInternalsOnlyWhereTheDocumentSaysSo() {
        Map<String, List<String>> internals = new TreeMap<>();
        for (JavaClass origin : MAIN) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                if (dependency.getTargetClass().getBaseComponentType().getPackageName().startsWith(ENGINE_INTERNALS)) {
                    internals.computeIfAbsent(packageOf(origin), name -> new ArrayList<>()).add(dependency.getDescription());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        internals.forEach((name, where) -> {
            Rule rule = rules.get(name);
            if (rule != null && !rule.engineInternals()) {
                problems.add("`" + name + "` uses Camunda's engine internals (" + ENGINE_INTERNALS + "..), which the "
                        + TABLE + " does not allow (row `" + name + "`, line " + rule.line() + "). Use the engine's"
                        + " public API, or, if it is intended, write \"yes\" in that row's \"engine internals\" cell:\n"
                        + examples(where));
            }
        });
        rules.values().stream().filter(rule -> rule.engineInternals() && !internals.containsKey(rule.name()))
                .forEach(rule -> problems.add("the " + TABLE + " says `" + rule.name() + "` uses engine internals (line "
                        + rule.line() + "), but none of its classes does any more: empty that cell"));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theDiagramIsTheTable() {
        ArchitectureDocument.Block diagram = ArchitectureDocument.read().block("mermaid");
        String expected = mermaid(rules);
        assertThat(diagram.text().strip())
                .as("The ```mermaid block of %s (line %d) is not the one the table \"Packages\" gives; replace it"
                        + " with:%n```mermaid%n%s%n```", ArchitectureDocument.PATH, diagram.line(), expected)
                .isEqualTo(expected);
    }

    /**
     * The diagram of the table: a node per package, an arrow from each package to each one it may use. The classes
     * of {@code org.releasegate} itself are left out (the table says who uses them), or every package would point there.
     */
    static String mermaid(Map<String, Rule> rules) {
        List<String> lines = new ArrayList<>();
        lines.add("flowchart TD");
        rules.keySet().stream().filter(name -> !name.equals(ROOT)).forEach(name -> lines.add("    " + name));
        rules.values().forEach(rule -> rule.mayUse().stream().filter(to -> !to.equals(ROOT))
                .forEach(to -> lines.add("    " + rule.name() + " --> " + to)));
        return String.join("\n", lines);
    }

    /** One row of the table: the package, what it may use, whether it may use engine internals, and its line. */
    record Rule(String name, Set<String> mayUse, boolean engineInternals, int line) {
    }

    record Edge(String from, String to) {
    }

    static Map<String, Rule> rules() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (ArchitectureDocument.Row row : ArchitectureDocument.read().table("package")) {
            List<String> name = row.codeSpans(0);
            assertThat(name).as("line %d of %s: the first cell names one package, as `data`", row.line(),
                    ArchitectureDocument.PATH).hasSize(1);
            Rule rule = new Rule(name.get(0), new LinkedHashSet<>(row.codeSpans(2)),
                    row.cell(3).equalsIgnoreCase("yes"), row.line());
            assertThat(rules.put(rule.name(), rule)).as("line %d of %s: a second row for `%s`", row.line(),
                    ArchitectureDocument.PATH, rule.name()).isNull();
        }
        return rules;
    }

    /**
     * Every dependency between two packages of ours, with where it is: the classes' dependencies, then the imports of
     * the sources (which alone show a constant's package).
     */
    private static Map<Edge, List<String>> dependencies() {
        Map<Edge, List<String>> edges = new TreeMap<>((a, b) -> (a.from() + " " + a.to()).compareTo(b.from() + " " + b.to()));
        for (JavaClass origin : MAIN) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (isOurs(target) && !packageOf(target).equals(packageOf(origin))) {
                    edges.computeIfAbsent(new Edge(packageOf(origin), packageOf(target)), edge -> new ArrayList<>())
                            .add(dependency.getDescription());
                }
            }
        }
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                Path relative = SOURCES.relativize(file);
                String from = relative.getNameCount() == 1 ? ROOT : relative.getName(0).toString();
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher imported = IMPORT.matcher(lines.get(i));
                    if (imported.find()) {
                        String to = Character.isUpperCase(imported.group(1).charAt(0)) ? ROOT : imported.group(1);
                        if (!to.equals(from)) {
                            edges.computeIfAbsent(new Edge(from, to), edge -> new ArrayList<>())
                                    .add(lines.get(i).trim() + " in (" + file.getFileName() + ":" + (i + 1) + ")");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return edges;
    }

    private static boolean isOurs(JavaClass type) {
        return type.getPackageName().equals(BASE) || type.getPackageName().startsWith(BASE + ".");
    }

    /** The top-level package under org.releasegate (its sub-packages count as the package), or (root). */
    private static String packageOf(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals(BASE)) {
            return ROOT;
        }
        String rest = name.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String examples(List<String> where) {
        List<String> descriptions = where.stream().distinct().sorted().toList();
        String shown = descriptions.stream().limit(5).map(line -> "    " + line).collect(Collectors.joining("\n"));
        return descriptions.size() > 5 ? shown + "\n    … and " + (descriptions.size() - 5) + " more" : shown;
    }
}
