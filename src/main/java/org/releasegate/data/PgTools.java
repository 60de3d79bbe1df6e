package org.releasegate.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code pg_dump} and {@code pg_restore} of one PostgreSQL installation, with their major versions. pg_dump refuses
 * to dump a server newer than itself, so a mismatch is found when the application starts
 * ({@link DataStoreConfigurationCheck}) and checked again before every dump.
 *
 * @param bin       the folder holding both tools
 * @param dumpMajor major version of pg_dump (15 for 15.10)
 */
record PgTools(Path bin, int dumpMajor, String dumpVersion, int restoreMajor, String restoreVersion) {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) ((\\d+)(?:\\.\\d+)*)");
    /** The first pg_dump with {@code --no-sync}. */
    static final int OLDEST_MAJOR = 10;
    private static final Path DEBIAN_INSTALLATIONS = Path.of("/usr/lib/postgresql");

    /**
     * Finds the tools in {@code bin}, or when it is null in the newest {@code /usr/lib/postgresql/<major>/bin}, then
     * on the {@code PATH}.
     *
     * @throws DataStoreConfigurationException when a tool is missing or does not say its version
     */
    static PgTools locate(Path bin) {
        Path folder = bin != null ? bin : defaultBin().orElseThrow(() -> new DataStoreConfigurationException(
                "pg_dump was not found (in /usr/lib/postgresql/*/bin nor on the PATH): install the PostgreSQL client"
                        + " tools (Debian: apt-get install postgresql-client) or set data.pg-bin"));
        Path pgDump = tool(folder, "pg_dump");
        Path pgRestore = tool(folder, "pg_restore");
        Matcher dumpVersion = version(pgDump);
        Matcher restoreVersion = version(pgRestore);
        int dumpMajor = Integer.parseInt(dumpVersion.group(2));
        int restoreMajor = Integer.parseInt(restoreVersion.group(2));
        if (dumpMajor < OLDEST_MAJOR) {
            throw new DataStoreConfigurationException(pgDump + " (" + dumpVersion.group(1) + ") is too old: the copies"
                    + " need pg_dump " + OLDEST_MAJOR + " or later (--no-sync); set data.pg-bin to a newer installation");
        }
        if (restoreMajor < dumpMajor) {
            throw new DataStoreConfigurationException(pgRestore + " (" + restoreVersion.group(1) + ") is older than "
                    + pgDump + " (" + dumpVersion.group(1) + ") and cannot read its dumps");
        }
        return new PgTools(folder, dumpMajor, dumpVersion.group(1), restoreMajor, restoreVersion.group(1));
    }

    Path pgDump() {
        return bin.resolve("pg_dump");
    }

    Path pgRestore() {
        return bin.resolve("pg_restore");
    }

    /** Null when the tools can dump and restore a server of this major version, else the reason. */
    String incompatibilityWith(int serverMajor) {
        if (dumpMajor < serverMajor) {
            return "pg_dump " + dumpVersion + " (" + pgDump() + ") is older than the PostgreSQL " + serverMajor
                    + " server and cannot dump it: set data.pg-bin to the bin folder of PostgreSQL " + serverMajor
                    + " or later";
        }
        return null;
    }

    private static Optional<Path> defaultBin() {
        if (Files.isDirectory(DEBIAN_INSTALLATIONS)) {
            try (Stream<Path> installations = Files.list(DEBIAN_INSTALLATIONS)) {
                Optional<Path> newest = installations
                        .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .map(p -> p.resolve("bin"))
                        .filter(p -> Files.isExecutable(p.resolve("pg_dump")))
                        .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(p -> !p.isEmpty()).map(Path::of)
                .filter(p -> Files.isExecutable(p.resolve("pg_dump"))).findFirst();
    }

    private static Path tool(Path folder, String name) {
        Path tool = folder.resolve(name);
        if (!Files.isRegularFile(tool) || !Files.isExecutable(tool)) {
            throw new DataStoreConfigurationException(name + " was not found in " + folder
                    + " (data.pg-bin): install the PostgreSQL client tools or name the folder that has them");
        }
        return tool;
    }

    /** The version a tool prints, matched: group 1 is the version (15.10), group 2 its major version. */
    private static Matcher version(Path tool) {
        String printed;
        try {
            printed = ExternalCommand.run(tool + " --version", List.of(tool.toString(), "--version"), Map.of(),
                    Duration.ofSeconds(20)).strip();
        } catch (IOException e) {
            throw new DataStoreConfigurationException("cannot run " + tool + ": " + e.getMessage(), e);
        }
        Matcher matcher = VERSION.matcher(printed);
        if (!matcher.find()) {
            throw new DataStoreConfigurationException(tool + " --version printed '" + printed
                    + "', not a PostgreSQL version");
        }
        return matcher;
    }
}
