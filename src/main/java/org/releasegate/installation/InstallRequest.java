package org.releasegate.installation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What to install where.
 *
 * @param packageFile     the installer package (in command mode: the file handed to the vendor's installer)
 * @param installRoot     holds {@code versions/}, {@code logs/} and the {@code current} link
 * @param expectedVersion the version the release is about
 * @param expectedSha256  SHA-256 the package must have (the one tested), or null when any bytes will do
 * @param dataFolder      the environment's data folder the migration script works on, or null
 * @param taskId          the external task doing the install, or null outside a release: a re-delivered task
 *                        writes to the same log
 */
public record InstallRequest(Path packageFile, Path installRoot, String expectedVersion, String expectedSha256,
                             Path dataFolder, String taskId) {

    public InstallRequest {
        Objects.requireNonNull(packageFile, "packageFile");
        Objects.requireNonNull(installRoot, "installRoot");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        expectedSha256 = expectedSha256 == null || expectedSha256.isBlank()
                ? null : expectedSha256.trim().toLowerCase(Locale.ROOT);
    }

    public InstallRequest(Path packageFile, Path installRoot, String expectedVersion, String expectedSha256,
                          Path dataFolder) {
        this(packageFile, installRoot, expectedVersion, expectedSha256, dataFolder, null);
    }
}
