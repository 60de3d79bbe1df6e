package org.releasegate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The compose files of {@code docker/} against the code, since no Docker engine runs them in CI: every variable a
 * Release Gate container gets is a setting of the application (Spring's relaxed binding of a property that exists:
 * Release Gate's own, Spring Boot's, Camunda's), a variable its settings name ({@code ${RELEASEGATE_DB_URL}}), or one
 * of the few the JVM or the system read; every path a container names is in the image, under one of its mounts, and
 * every mount is documented; every service has a health check that can answer; no secret is written in a file; an
 * agent logs in as an agent the engine nodes declare, for the same environments.
 */
class DockerComposeTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final List<Path> DOCS = List.of(Path.of("docs", "operations.md"), Path.of("docs", "agents.md"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    /** Read by the system or the JVM, not by Spring: the time zone, the java launcher's options. */
    private static final Set<String> NOT_SPRING = Set.of("TZ", "JDK_JAVA_OPTIONS");
    /** Spring Boot's own settings that its configuration metadata does not list: where the configuration is read from. */
    private static final Set<String> CONFIG_DATA = Set.of("SPRING_CONFIG_LOCATION", "SPRING_CONFIG_ADDITIONAL_LOCATION",
            "SPRING_CONFIG_IMPORT", "SPRING_CONFIG_NAME");
    /** The official postgres image's variables (https://hub.docker.com/_/postgres). */
    private static final Set<String> POSTGRES_IMAGE = Set.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD",
            "POSTGRES_PASSWORD_FILE", "POSTGRES_INITDB_ARGS", "PGDATA");

    private static final Image IMAGE = Image.read(DOCKER.resolve("Dockerfile"));
    private static final Properties PROPERTIES = Properties.fromClasspath();

    static Stream<Path> composeFiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER)) {
            List<Path> compose = files.filter(file -> file.getFileName().toString().matches("compose.*\\.ya?ml"))
                    .sorted().toList();
            assertThat(compose).as("compose files in docker/").isNotEmpty();
            return compose.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyVariableOfAReleaseGateContainerIsASetting(Path compose) throws IOException {
        List<String> problems = new ArrayList<>();
        // An env file serves several compose files: a variable of it may be for another one.
        Set<String> interpolated = new TreeSet<>();
        composeFiles().forEach(file -> interpolated.addAll(interpolatedVariables(file)));
        for (Service service : services(compose)) {
            Set<String> placeholders = new TreeSet<>(placeholders(RESOURCES, "application"));
            service.bindSources().forEach(source -> placeholders.addAll(placeholders(source, "")));
            if (service.isReleaseGate()) {
                Map<String, String> variables = new LinkedHashMap<>(IMAGE.environment());
                variables.putAll(service.environment());
                variables.forEach((name, value) -> {
                    if (!PROPERTIES.binds(name) && !placeholders.contains(name) && !NOT_SPRING.contains(name)) {
                        problems.add(service.name() + ": " + name + " is no setting of Release Gate, Spring Boot or "
                                + "Camunda, and no configuration file it reads names ${" + name + "}");
                    }
                });
                for (String name : service.envFileVariables()) {
                    if (!PROPERTIES.binds(name) && !placeholders.contains(name) && !NOT_SPRING.contains(name)
                            && !interpolated.contains(name)) {
                        problems.add(service.name() + ": " + name + " of its env file is no setting, no variable its "
                                + "configuration names, and used by no compose file");
                    }
                }
            } else if (service.image().startsWith("postgres:")) {
                service.environment().keySet().stream().filter(name -> !POSTGRES_IMAGE.contains(name))
                        .forEach(name -> problems.add(service.name() + ": " + name + " is not a variable of the postgres image"));
            } else {
                problems.add(service.name() + ": an image this test does not know (" + service.image() + ")");
            }
        }
        assertThat(problems).as(compose + ":\n" + String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyPathIsInTheImageOrADocumentedMount(Path compose) throws IOException {
        List<String> problems = new ArrayList<>();
        String docs = String.join("\n", DOCS.stream().map(DockerComposeTest::read).toList());
        for (Service service : services(compose).stream().filter(Service::isReleaseGate).toList()) {
            List<String> mounts = service.mountTargets();
            for (String mount : mounts) {
                if (!IMAGE.holds(mount) && !docs.contains(mount)) {
                    problems.add(service.name() + ": mount " + mount + " is neither in the image nor in " + DOCS);
                }
            }
            service.bindSources().stream().filter(source -> !Files.exists(source))
                    .forEach(source -> problems.add(service.name() + ": mounts " + source + ", which does not exist"));
            Map<String, String> variables = new LinkedHashMap<>(IMAGE.environment());
            variables.putAll(service.environment());
            variables.forEach((name, value) -> {
                for (String location : value.split(",")) {
                    boolean optional = location.startsWith("optional:");
                    String path = location.replaceFirst("^optional:", "").replaceFirst("^file:", "");
                    if (!path.startsWith("/")) {
                        continue;
                    }
                    if (!IMAGE.holds(path) && mounts.stream().noneMatch(mount -> under(path, mount))) {
                        problems.add(service.name() + ": " + name + "=" + path + " is neither in the image nor under a mount");
                    }
                    service.hostPathOf(path).filter(host -> !optional && !Files.exists(host)).ifPresent(host ->
                            problems.add(service.name() + ": " + name + " names " + path + ", but " + host + " does not exist"));
                }
            });
            for (Path source : service.bindSources()) {
                for (String path : pathsInYaml(source)) {
                    if (!IMAGE.holds(path) && mounts.stream().noneMatch(mount -> under(path, mount))) {
                        problems.add(service.name() + ": " + source + " names " + path
                                + ", which is neither in the image nor under a mount");
                    }
                }
            }
        }
        assertThat(problems).as(compose + ":\n" + String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyServiceHasAHealthCheckThatCanAnswer(Path compose) {
        List<String> problems = new ArrayList<>();
        List<Service> services = services(compose);
        for (Service service : services) {
            Object check = service.definition().get("healthcheck");
            if (service.isAgent()) {
                // No web server in an agent: the image's check of its own /actuator/health would never pass.
                if (!(check instanceof Map<?, ?> own) || String.valueOf(own.get("test")).contains("localhost")) {
                    problems.add(service.name() + ": an agent needs a health check of its own, not on localhost");
                }
            } else if (check == null && !(service.isReleaseGate() && IMAGE.hasHealthCheck())) {
                problems.add(service.name() + ": no health check");
            }
            if (service.definition().get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((name, condition) -> {
                    if (String.valueOf(condition).contains("service_healthy")
                            && services.stream().noneMatch(other -> other.name().equals(name))) {
                        problems.add(service.name() + ": depends on " + name + ", which this file does not define");
                    }
                });
            }
        }
        assertThat(problems).as(compose + ":\n" + String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void noSecretIsWrittenInTheFilesAndEveryVariableIsInTheExample(Path compose) {
        List<String> problems = new ArrayList<>();
        for (Service service : services(compose)) {
            service.environment().forEach((name, value) -> {
                if (name.matches(".*(PASSWORD|SECRET|TOKEN).*") && !name.endsWith("_FILE")
                        && !value.isEmpty() && !value.matches("\\$\\{[^}]+}")) {
                    problems.add(service.name() + ": " + name + " is written in the file; take it from the env file");
                }
            });
        }
        Matcher envFile = Pattern.compile("--env-file docker/(\\S+)").matcher(read(compose));
        Set<String> interpolated = interpolatedVariables(compose);
        if (envFile.find()) {
            Path example = DOCKER.resolve(envFile.group(1) + ".example");
            Map<String, String> documented = envFile(example, true);
            interpolated.stream().filter(name -> !documented.containsKey(name)).forEach(name ->
                    problems.add(compose.getFileName() + " uses ${" + name + "}, which " + example + " does not list"));
            documented.forEach((name, value) -> {
                if (name.matches(".*(PASSWORD|SECRET|TOKEN).*") && !value.isEmpty()) {
                    problems.add(example + ": " + name + " has a value; an example holds none");
                }
            });
            assertThat(read(Path.of(".gitignore"))).as("the filled-in env file is never committed")
                    .contains("/docker/" + envFile.group(1));
        } else {
            assertThat(interpolated).as(compose + " names no env file, so it may use no variable").isEmpty();
        }
        assertThat(problems).as(compose + ":\n" + String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void anAgentLogsInAsAnAgentTheEngineNodesDeclare(Path compose) {
        Map<String, Map<?, ?>> declared = new HashMap<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("config"))) {
            files.filter(file -> file.toString().endsWith(".yaml")).forEach(file -> {
                if (yaml(file) instanceof Map<?, ?> root && root.get("releasegate") instanceof Map<?, ?> settings
                        && settings.get("agents") instanceof Map<?, ?> agents) {
                    agents.forEach((id, agent) -> declared.put(String.valueOf(id), (Map<?, ?>) agent));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Service agent : services(compose).stream().filter(Service::isAgent).toList()) {
            Map<String, String> environment = agent.environment();
            String user = environment.get("RELEASEGATE_WORKER_USER");
            assertThat(declared).as("%s logs in as %s, which config/ declares in releasegate.agents", agent.name(), user)
                    .containsKey(user);
            assertThat(new TreeSet<>(List.of(environment.get("RELEASEGATE_AGENT_ENVIRONMENTS").split(","))))
                    .as("%s runs the environments the engine nodes leave to it", agent.name())
                    .isEqualTo(new TreeSet<>((Collection<?>) declared.get(user).get("environments")));
            assertThat(environment.get("RELEASEGATE_WORKER_PASSWORD"))
                    .as("%s's password is the one the engine nodes give its user", agent.name())
                    .startsWith(String.valueOf(declared.get(user).get("password")).replace("}", ""));
            assertThat(environment).as("%s gets no engine secret", agent.name())
                    .doesNotContainKeys("RELEASEGATE_DB_PASSWORD", "RELEASEGATE_ADMIN_PASSWORD");
            assertThat(agent.definition().containsKey("env_file")).as("%s gets no engine env file", agent.name()).isFalse();
        }
    }

    // ----- reading the files

    private static List<Service> services(Path compose) {
        Map<?, ?> root = (Map<?, ?>) yaml(compose);
        List<Service> services = new ArrayList<>();
        ((Map<?, ?>) root.get("services")).forEach((name, definition) ->
                services.add(new Service(String.valueOf(name), (Map<?, ?>) definition)));
        return services;
    }

    private record Service(String name, Map<?, ?> definition) {

        String image() {
            return String.valueOf(definition.get("image"));
        }

        boolean isReleaseGate() {
            return image().startsWith("release-gate:") || definition.get("build") instanceof Map<?, ?> build
                    && String.valueOf(build.get("dockerfile")).equals("docker/Dockerfile");
        }

        boolean isAgent() {
            return isReleaseGate() && List.of(environment().getOrDefault("SPRING_PROFILES_ACTIVE", "").split(","))
                    .contains("agent");
        }

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Object declared = definition.get("environment");
            if (declared instanceof Map<?, ?> map) {
                map.forEach((key, value) -> environment.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
            } else if (declared instanceof List<?> list) {
                list.forEach(entry -> {
                    String[] pair = String.valueOf(entry).split("=", 2);
                    environment.put(pair[0], pair.length > 1 ? pair[1] : "");
                });
            }
            return environment;
        }

        /** The variables of its env file, read from the example beside it (the filled-in one is never committed). */
        Set<String> envFileVariables() {
            Object envFile = definition.get("env_file");
            if (envFile == null) {
                return Set.of();
            }
            Set<String> names = new TreeSet<>();
            for (Object file : envFile instanceof List<?> list ? list : List.of(envFile)) {
                names.addAll(envFile(DOCKER.resolve(file + ".example"), true).keySet());
            }
            return names;
        }

        List<String> mountTargets() {
            return volumes().stream().map(volume -> volume[1]).toList();
        }

        /** The folders of this repository it mounts ({@code ./config}): relative to docker/. */
        List<Path> bindSources() {
            return volumes().stream().filter(volume -> volume[0].startsWith("."))
                    .map(volume -> DOCKER.resolve(volume[0]).normalize()).toList();
        }

        /** Where a container path lies in this repository, when it is under a mount of a folder of it. */
        java.util.Optional<Path> hostPathOf(String path) {
            return volumes().stream().filter(volume -> volume[0].startsWith(".") && under(path, volume[1]))
                    .findFirst().map(volume -> DOCKER.resolve(volume[0]).resolve(
                            path.substring(volume[1].length()).replaceFirst("^/", "")).normalize());
        }

        /** Each volume as {source, target}, short ({@code src:dst:ro}) or long syntax. */
        private List<String[]> volumes() {
            List<String[]> volumes = new ArrayList<>();
            if (definition.get("volumes") instanceof List<?> list) {
                for (Object volume : list) {
                    if (volume instanceof Map<?, ?> long_) {
                        volumes.add(new String[] {String.valueOf(long_.get("source")), String.valueOf(long_.get("target"))});
                    } else {
                        // The source may hold a ${VAR:?message with: colons}: split on the last ':/'.
                        String text = String.valueOf(volume).replaceFirst(":(ro|rw)$", "");
                        int at = text.lastIndexOf(":/");
                        volumes.add(new String[] {text.substring(0, at), text.substring(at + 1)});
                    }
                }
            }
            return volumes;
        }
    }

    /** What the Dockerfile creates: its ENV variables, the folders it makes, copies to or declares. */
    private record Image(Map<String, String> environment, Set<String> folders, boolean hasHealthCheck) {

        static Image read(Path dockerfile) {
            String text = DockerComposeTest.read(dockerfile).replaceAll("\\\\\\n\\s*", " ");
            Map<String, String> environment = new LinkedHashMap<>();
            Set<String> folders = new LinkedHashSet<>();
            boolean healthCheck = false;
            for (String line : text.split("\n")) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "ENV" -> {
                        Matcher pair = Pattern.compile("(\\w+)=(\\S+)").matcher(line);
                        while (pair.find()) {
                            environment.put(pair.group(1), pair.group(2));
                        }
                    }
                    case "WORKDIR" -> folders.add(words[1]);
                    case "COPY" -> folders.add(words[words.length - 1].replaceFirst("/$", ""));
                    case "VOLUME" -> {
                        Matcher volume = Pattern.compile("\"(/[^\"]+)\"").matcher(line);
                        while (volume.find()) {
                            folders.add(volume.group(1));
                        }
                    }
                    case "RUN" -> {
                        Matcher mkdir = Pattern.compile("mkdir -p ((?:/\\S+\\s*)+)").matcher(line);
                        while (mkdir.find()) {
                            folders.addAll(List.of(mkdir.group(1).strip().split("\\s+")));
                        }
                    }
                    case "HEALTHCHECK" -> healthCheck = true;
                    default -> {
                    }
                }
            }
            return new Image(environment, folders, healthCheck);
        }

        boolean holds(String path) {
            return folders.stream().anyMatch(folder -> under(path, folder));
        }
    }

    /** The application's settings, from the configuration metadata of every jar (and of this build). */
    private record Properties(Set<String> names, Set<String> maps) {

        static Properties fromClasspath() {
            Set<String> names = new TreeSet<>();
            Set<String> maps = new TreeSet<>();
            ObjectMapper json = new ObjectMapper();
            try {
                for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                        "META-INF/additional-spring-configuration-metadata.json")) {
                    Enumeration<URL> urls = DockerComposeTest.class.getClassLoader().getResources(resource);
                    while (urls.hasMoreElements()) {
                        try (InputStream in = urls.nextElement().openStream()) {
                            for (JsonNode property : json.readTree(in).path("properties")) {
                                String name = canonical(property.path("name").asText());
                                names.add(name);
                                if (property.path("type").asText().startsWith("java.util.Map")) {
                                    maps.add(name);
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(names).as("configuration metadata of Release Gate and Spring Boot")
                    .contains("releasegate.worker.lockduration", "spring.datasource.url", "camunda.bpm.historylevel");
            return new Properties(names, maps);
        }

        /** Spring's relaxed binding from the environment: RELEASEGATE_WORKER_LOCKDURATION is releasegate.worker.lock-duration. */
        boolean binds(String variable) {
            if (CONFIG_DATA.contains(variable)) {
                return true;
            }
            String name = variable.toLowerCase().replace('_', '.');
            return names.contains(name) || maps.stream().anyMatch(map -> name.startsWith(map + "."));
        }

        private static String canonical(String property) {
            return property.toLowerCase().replace("-", "");
        }
    }

    private static Set<String> interpolatedVariables(Path compose) {
        Set<String> names = new TreeSet<>();
        // $${…} is a literal $ for the container's shell, not compose's interpolation.
        Matcher matcher = PLACEHOLDER.matcher(read(compose).replace("$${", "$ {"));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The ${NAME} placeholders of the YAML files in {@code folder} whose name starts with {@code prefix}. */
    private static Set<String> placeholders(Path folder, String prefix) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            files.filter(file -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(".yaml"))
                    .forEach(file -> {
                        Matcher matcher = PLACEHOLDER.matcher(read(file));
                        while (matcher.find()) {
                            names.add(matcher.group(1));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Every absolute path among the values of the YAML files in {@code folder}. */
    private static List<String> pathsInYaml(Path folder) throws IOException {
        List<String> paths = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return paths;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml")).toList()) {
                collectPaths(yaml(file), paths);
            }
        }
        return paths;
    }

    private static void collectPaths(Object node, List<String> paths) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> collectPaths(value, paths));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectPaths(value, paths));
        } else if (node instanceof String text && text.startsWith("/")) {
            paths.add(text);
        }
    }

    /** An env file's variables; with {@code commentedToo}, also the {@code # NAME=} lines an example offers. */
    private static Map<String, String> envFile(Path file, boolean commentedToo) {
        assertThat(file).as("the example of an env file a compose file reads").exists();
        Map<String, String> variables = new LinkedHashMap<>();
        Pattern line = Pattern.compile(commentedToo ? "^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$" : "^([A-Z][A-Z0-9_]*)=(.*)$");
        for (String text : read(file).split("\n")) {
            Matcher matcher = line.matcher(text.strip());
            if (matcher.matches()) {
                variables.put(matcher.group(1), matcher.group(2).strip());
            }
        }
        return variables;
    }

    private static boolean under(String path, String folder) {
        String normalized = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return path.equals(normalized) || path.startsWith(normalized + "/");
    }

    private static Object yaml(Path file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
