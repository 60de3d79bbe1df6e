package org.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;
import org.yaml.snakeyaml.Yaml;

/**
 * Release Gate's settings as typed records: bound and validated when the application starts, each default written
 * once (in its record), and described for an operator's IDE by the build's configuration metadata.
 */
class TypedSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan("org.releasegate")
    static class Settings {
    }

    /** The settings application.yaml gives from environment variables, which have no default in their record. */
    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues("releasegate.models.folder=bpmn", "releasegate.inbox=target/inbox",
                    "releasegate.archive.root=target/archives", "releasegate.worker.username=release-gate-worker",
                    "releasegate.strategic-processes-file=target/strategic-processes.yaml",
                    "releasegate.change-calendar-file=target/change-calendar.yaml");

    @Test
    void withOnlyTheVariablesSettingsTheApplicationStarts() {
        application.run(context -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            releasegate.verification.time-allowed=0s      | must be at least one minute
            releasegate.archive.compression.level=30      | is a zstd level, 1 to 22
            releasegate.archive.retention.keep-last=-1    | must be 0 (keep every archive) or more
            releasegate.road-book.max-size=3GB            | releasegate.road-book.max-size must be between 1 B and 2 GB
            releasegate.road-book.download-timeout=0s     | must be positive
            releasegate.http.max-request-size=0B          | releasegate.http.max-request-size must be positive
            releasegate.worker.retries=-1                 | must be 0 or more
            releasegate.worker.username=                  | must name the engine user of the workers (RELEASEGATE_WORKER_USER)
            releasegate.inbox=                            | must name the inbox folder (RELEASEGATE_INBOX)
            """)
    void aWrongSettingStopsTheStartWithItsNameAndWhy(String setting, String reason) {
        application.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            String errors = validationErrors(context.getStartupFailure());
            assertThat(errors).contains(reason).contains(setting.substring(0, setting.lastIndexOf('.') + 1));
        });
    }

    /** The errors as an operator reads them: each setting and what is wrong with it. */
    private static String validationErrors(Throwable failure) {
        BindValidationException invalid = null;
        for (Throwable cause = failure; cause != null && invalid == null; cause = cause.getCause()) {
            invalid = cause instanceof BindValidationException found ? found : null;
        }
        assertThat(invalid).as("a validation error, not " + failure).isNotNull();
        return invalid.getValidationErrors().getAllErrors().stream()
                .map(error -> (error instanceof FieldError field ? field.getObjectName() + "." + field.getField()
                        : error.getObjectName()) + ": " + error.getDefaultMessage())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void metadataDescribesTheVerificationAndRoadBookSettingsWithTheirDefaults() throws IOException {
        Map<String, JsonNode> properties = metadata();

        assertThat(properties.get("releasegate.verification.time-allowed").get("defaultValue").asText()).isEqualTo("2d");
        assertThat(properties.get("releasegate.verification.time-allowed").get("description").asText())
                .contains("due").contains("Relancer les vérifications en retard");
        assertThat(properties.get("releasegate.road-book.max-size").get("defaultValue").asText()).isEqualTo("5MB");
        assertThat(properties.get("releasegate.road-book.download-timeout").get("defaultValue").asText()).isEqualTo("30s");
        assertThat(properties).containsKey("releasegate.road-book.allowed-hosts");
        assertThat(properties.values()).filteredOn(property -> property.get("name").asText().startsWith("releasegate."))
                .allSatisfy(property -> assertThat(property.path("description").asText()).as(property.get("name").asText())
                        .isNotBlank());
    }

    @Test
    void applicationYamlRepeatsNoDefaultOfTheRecords() throws IOException {
        Map<String, JsonNode> properties = metadata();
        Map<String, Object> yaml = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/application.yaml")) {
            flatten("", new Yaml().load(in), yaml);
        }

        List<String> repeated = yaml.keySet().stream()
                .filter(key -> properties.containsKey(key) && properties.get(key).has("defaultValue")).toList();

        assertThat(repeated).as("defaults written in application.yaml and in their record").isEmpty();
        assertThat(yaml.keySet().stream().filter(key -> key.startsWith("releasegate."))).isNotEmpty();
    }

    private static Map<String, JsonNode> metadata() throws IOException {
        try (InputStream in = TypedSettingsTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("written by spring-boot-configuration-processor").isNotNull();
            Map<String, JsonNode> properties = new LinkedHashMap<>();
            new ObjectMapper().readTree(in).get("properties")
                    .forEach(property -> properties.put(property.get("name").asText(), property));
            return properties;
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else {
            into.put(prefix, node);
        }
    }
}
