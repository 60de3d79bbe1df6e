package org.releasegate.health;

import java.nio.file.Path;

import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.releasegate.installation.InstallMethod;

/**
 * The folders of one environment's health command.
 *
 * @param installed        the installed version's folder, given to the command as {@code RELEASEGATE_INSTALL_DIR}
 * @param workingDirectory where the command runs
 * @param configured       the environment names the working directory ({@code health.working-directory}); otherwise
 *                         it is the install method's own, missing only when nothing is installed
 */
public record HealthCheckFolders(Path installed, Path workingDirectory, boolean configured) {

    /**
     * A configured working directory wins; otherwise the install method knows where its versions live (the
     * {@code current} link of a package install does not exist after a vendor's installer).
     */
    static HealthCheckFolders of(HealthCheckSettings settings, Path installRoot, InstallMethod installMethod) {
        Path root = installRoot.toAbsolutePath().normalize();
        Path configured = settings == null ? null : settings.workingDirectory();
        Path workingDirectory = configured == null ? installMethod.commandFolder(root) : root.resolve(configured).normalize();
        return new HealthCheckFolders(installMethod.installedFolder(root), workingDirectory, configured != null);
    }
}
