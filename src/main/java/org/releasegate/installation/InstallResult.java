package org.releasegate.installation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param installedFolder {@code installRoot/versions/<version>-<sha12>}, where {@code current} now points
 * @param previousFolder  where {@code current} pointed before, if elsewhere: what a rollback switches back to
 * @param logFile         output of the migration script, when one ran
 */
public record InstallResult(String version, Path installedFolder, Optional<Path> previousFolder,
                            String packageSha256, Optional<Path> logFile) {
}
