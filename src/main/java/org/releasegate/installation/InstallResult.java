package org.releasegate.installation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param installedFolder {@code installRoot/versions/<version>-<sha12>}, where {@code current} now points; in
 *                        command mode the install root (the vendor's installer decides where things go)
 * @param previousFolder  where {@code current} pointed before, if elsewhere: what a rollback switches back to;
 *                        always empty in command mode
 * @param logFile         output of the migration script, when one ran; in command mode the installer's log
 */
public record InstallResult(String version, Path installedFolder, Optional<Path> previousFolder,
                            String packageSha256, Optional<Path> logFile) {
}
