package org.releasegate.installation;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.releasegate.environment.Environments;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Gives each environment the install method its settings name ({@code releasegate.environments.<name>.installer}). */
@Component
public class InstallMethods {

    private final Installer packageInstaller;
    private final Environments environments;
    private final Environment spring;
    private final Clock clock;
    private final Map<String, InstallMethod> byEnvironment = new ConcurrentHashMap<>();

    public InstallMethods(Installer packageInstaller, Environments environments, Environment spring, Clock clock) {
        this.packageInstaller = packageInstaller;
        this.environments = environments;
        this.spring = spring;
        this.clock = clock;
    }

    /**
     * @throws IllegalStateException when the environment's installer settings are wrong (also refused at start-up
     *                               by {@link InstallerSettingsCheck})
     */
    public InstallMethod of(String environment) {
        return byEnvironment.computeIfAbsent(environment, this::create);
    }

    /** Whether the environment installs packages of our format, whose descriptor names their version. */
    public boolean packagesNameTheirVersion(String environment) {
        return of(environment) == packageInstaller;
    }

    /** The version installed on the environment, empty when nothing is. */
    public Optional<String> installedVersion(String environment) throws IOException {
        return of(environment).installedVersion(environments.installRoot(environment));
    }

    private InstallMethod create(String environment) {
        InstallerSettings settings = InstallerSettings.of(spring, environment);
        return switch (settings.mode()) {
            case PACKAGE -> packageInstaller;
            case COMMAND -> new VendorCommandInstaller(environment, settings, clock);
        };
    }
}
