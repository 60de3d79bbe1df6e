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
}
