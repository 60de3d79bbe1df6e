package org.releasegate.installation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What to install where.
 *
 * @param packageFile     the installer package
 * @param installRoot     holds {@code versions/}, {@code logs/} and the {@code current} link
 * @param expectedVersion the version the release is about
 * @param expectedSha256  SHA-256 the package must have (the one tested), or null when any bytes will do
 * @param dataFolder      the environment's data folder the migration script works on, or null
 */
public record InstallRequest(Path packageFile, Path installRoot, String expectedVersion, String expectedSha256,
                             Path dataFolder) {

    public InstallRequest {
        Objects.requireNonNull(packageFile, "packageFile");
        Objects.requireNonNull(installRoot, "installRoot");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        expectedSha256 = expectedSha256 == null || expectedSha256.isBlank()
                ? null : expectedSha256.trim().toLowerCase(Locale.ROOT);
    }
}
