package org.releasegate.environment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The servers a release touches, by name (`production`, `test`), as configured under `releasegate.environments`. */
@ConfigurationProperties("releasegate")
public record EnvironmentProperties(@DefaultValue Map<String, Environment> environments) {

    /**
     * @param installRoot where versions are installed: {@code versions/<version>-<sha>} folders and a {@code current} link
     * @param data        the environment's data store
     * @param health      how to tell the environment works
     */
    public record Environment(Path installRoot, DataStoreSettings data, HealthCheckSettings health) {
    }

    /** @param type {@code directory} (any file-based database: the ERP's data folder) */
    public record DataStoreSettings(@DefaultValue("directory") String type, Path path) {
    }

    /**
     * Either a command, run in the installed version's folder, or a URL answering 2xx.
     */
    public record HealthCheckSettings(List<String> command, URI url, @DefaultValue("60s") Duration timeout) {
    }
}
