package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** One way of installing a version on an environment; {@link InstallMethods} gives each environment its own. */
public interface InstallMethod {

    /**
     * Installs the requested version and checks that it is the one installed afterwards. Safe to call again with
     * the same request after a crash.
     *
     * @throws org.releasegate.RejectedInputException when the installer or its result is wrong (checksum, version,
     *                                                failing installer): a person decides
     */
    InstallResult install(InstallRequest request) throws IOException;

    /** The version installed under {@code installRoot}, empty when nothing is installed. */
    Optional<String> installedVersion(Path installRoot) throws IOException;

    /**
     * The installed version's own folder under {@code installRoot}, as far as Release Gate knows where it is: what a
     * health command gets as {@code RELEASEGATE_INSTALL_DIR}. It need not exist (nothing installed yet).
     */
    Path installedFolder(Path installRoot);

    /**
     * Where the installed version's own commands (its health check) run unless the environment names a folder.
     * It need not exist.
     */
    default Path commandFolder(Path installRoot) {
        return installedFolder(installRoot);
    }
}
