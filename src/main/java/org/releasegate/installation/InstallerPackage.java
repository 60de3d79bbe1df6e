package org.releasegate.installation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An installer package whose descriptor was read and whose entries were all found safe.
 *
 * @param migrateScript path of the data migration script relative to the package root, run with {@code sh}
 * @param sha256        lower-case hex SHA-256 of the package file
 */
public record InstallerPackage(Path file, String product, String version, Optional<String> migrateScript,
                               String sha256) {
}
