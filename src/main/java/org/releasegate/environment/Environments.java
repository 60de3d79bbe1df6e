package org.releasegate.environment;

import java.nio.file.Path;
import java.util.Optional;

import org.releasegate.environment.EnvironmentProperties.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Looks up configured environments and fails with a message that says which setting is missing. */
@Component
public class Environments {

    public static final String PRODUCTION = "production";
    public static final String TEST = "test";

    private static final Logger LOG = LoggerFactory.getLogger(Environments.class);

    private final EnvironmentProperties properties;

    Environments(EnvironmentProperties properties) {
        this.properties = properties;
        for (String required : new String[] {PRODUCTION, TEST}) {
            if (!properties.environments().containsKey(required)) {
                LOG.warn("No environment '{}' is configured (releasegate.environments.{}): releases will stop with an "
                        + "incident at their first automated step", required, required);
            }
        }
    }

    public Environment get(String name) {
        Environment environment = properties.environments().get(name);
        if (environment == null) {
            throw new IllegalStateException("Environment '" + name + "' is not configured: set releasegate.environments."
                    + name + " (install-root, data, health)");
        }
        return environment;
    }

    public Path installRoot(String name) {
        Environment environment = get(name);
        if (environment.installRoot() == null) {
            throw new IllegalStateException("releasegate.environments." + name + ".install-root is not set");
        }
        return environment.installRoot().toAbsolutePath().normalize();
    }

    /**
     * The data folder of an environment whose store is a {@code directory}. Copies, snapshots and restores go through
     * {@link org.releasegate.data.DataStores}, which handles every store type.
     */
    /** The data folder of a {@code directory} store; empty when the environment keeps its data in a database. */
    public Optional<Path> dataFolderIfDirectory(String name) {
        Environment environment = get(name);
        return environment.data() != null && "directory".equals(environment.data().type())
                ? Optional.of(dataFolder(name)) : Optional.empty();
    }

    public Path dataFolder(String name) {
        Environment environment = get(name);
        if (environment.data() == null || environment.data().path() == null) {
            throw new IllegalStateException("releasegate.environments." + name + ".data.path is not set");
        }
        if (!"directory".equals(environment.data().type())) {
            throw new IllegalStateException("releasegate.environments." + name + ".data.type is '"
                    + environment.data().type() + "': this step works only on a data folder (type directory)");
        }
        return environment.data().path().toAbsolutePath().normalize();
    }
}
